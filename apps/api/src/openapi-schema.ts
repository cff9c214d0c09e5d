import { z } from 'zod';

/** Small builders for the OpenAPI document (openapi.ts, openapi-seed-aliases.ts). */
export type JsonSchema = Record<string, unknown>;

/** Request schemas come straight from the zod validators the routes use, so docs cannot drift. */
export const input = (schema: z.ZodType): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
export const json = (schema: JsonSchema) => ({ content: { 'application/json': { schema } } });
export const error = (description: string) => ({ description, ...json(ref('ApiError')) });
export const nullable = (type: string): JsonSchema => ({ type: [type, 'null'] });
