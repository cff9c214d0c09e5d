import { llm } from '@livekit/agents';
import type { ChatModelFunctions, GbnfJsonSchema } from 'node-llama-cpp';

type JsonSchema = Record<string, unknown>;

export const isRecord = (value: unknown): value is JsonSchema => typeof value === 'object' && value !== null && !Array.isArray(value);

const BASIC_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'null']);

/**
 * Converts a tool's JSON schema into the subset node-llama-cpp turns into a grammar. llama.cpp's
 * grammar makes every object property required, so optional properties become "value or null"
 * (nulls are dropped again before the arguments reach the tool).
 */
export function toGbnfSchema(schema: unknown): GbnfJsonSchema {
  if (!isRecord(schema)) return { type: ['string', 'number', 'integer', 'boolean', 'null'] };
  const description = typeof schema.description === 'string' ? { description: schema.description } : {};

  if ('const' in schema) return { const: schema.const as string | number | boolean | null, ...description };
  if (Array.isArray(schema.enum)) return { enum: schema.enum as (string | number | boolean | null)[], ...description };
  const union = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : null;
  if (union !== null) return { oneOf: union.map((member) => toGbnfSchema(member)), ...description };

  const type = schema.type;
  if (Array.isArray(type)) {
    const basic = type.filter((entry): entry is 'string' | 'number' | 'integer' | 'boolean' | 'null' => typeof entry === 'string' && BASIC_TYPES.has(entry));
    if (basic.length === type.length) return { type: basic, ...description };
    return { oneOf: type.map((entry) => toGbnfSchema({ ...schema, type: entry })), ...description };
  }
  if (type === 'object' || isRecord(schema.properties)) {
    const properties = isRecord(schema.properties) ? schema.properties : {};
    const required = new Set(Array.isArray(schema.required) ? schema.required.filter((key): key is string => typeof key === 'string') : []);
    const converted: Record<string, GbnfJsonSchema> = {};
    for (const [key, value] of Object.entries(properties)) {
      const property = toGbnfSchema(value);
      converted[key] = required.has(key) ? property : { oneOf: [property, { type: 'null' }] };
    }
    return { type: 'object', properties: converted, ...description };
  }
  if (type === 'array') {
    const items = schema.items === undefined ? undefined : toGbnfSchema(schema.items);
    const bounds = {
      ...(typeof schema.minItems === 'number' ? { minItems: schema.minItems } : {}),
      ...(typeof schema.maxItems === 'number' ? { maxItems: schema.maxItems } : {}),
    };
    return items === undefined ? { type: 'array', ...bounds, ...description } : { type: 'array', items, ...bounds, ...description };
  }
  if (type === 'string') {
    return {
      type: 'string',
      ...(typeof schema.minLength === 'number' ? { minLength: schema.minLength } : {}),
      ...(typeof schema.maxLength === 'number' ? { maxLength: schema.maxLength } : {}),
      ...description,
    };
  }
  if (typeof type === 'string' && BASIC_TYPES.has(type)) return { type: type as 'number' | 'integer' | 'boolean' | 'null', ...description };
  return { type: ['string', 'number', 'integer', 'boolean', 'null'], ...description };
}

/** The framework's function tools as node-llama-cpp function definitions. */
export function toLlamaFunctions(toolCtx: llm.ToolContext | undefined): ChatModelFunctions | undefined {
  if (toolCtx === undefined) return undefined;
  const functions: Record<string, { description: string; params: GbnfJsonSchema }> = {};
  for (const [name, tool] of Object.entries(toolCtx.functionTools)) {
    functions[name] = { description: tool.description, params: toGbnfSchema(llm.toJsonSchema(tool.parameters, false, false)) };
  }
  return Object.keys(functions).length === 0 ? undefined : functions;
}

/** Drops the nulls that stand for "not given" so optional zod fields validate. */
export function withoutNulls(params: unknown): unknown {
  if (!isRecord(params)) return params ?? {};
  return Object.fromEntries(Object.entries(params).filter(([, value]) => value !== null));
}
