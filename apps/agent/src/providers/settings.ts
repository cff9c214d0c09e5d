import { z } from 'zod';

/** Unset and blank are the same: no value. */
export const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

export const optionalUrl = (name: string) =>
  optionalText.refine((value) => value === undefined || URL.canParse(value), `${name} must be an http:// or https:// URL`);

/** One line per bad setting, as the agent's configuration error lists them. */
export function settingIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
}

/**
 * The environment variables one provider (or one vendor's providers) reads, with their defaults,
 * and what its definitions get from them (config.providerSettings[key]). Declared in the
 * provider's own file so a new provider brings its settings along.
 */
export interface SettingsGroup<T> {
  /** The variables it reads, for a listing of every setting. */
  readonly variables: readonly string[];
  /** Their declaration: each variable's schema, default and one-line doc (`.meta({ description })`). */
  readonly schema: z.ZodObject<z.ZodRawShape>;
  read(env: NodeJS.ProcessEnv): { ok: true; value: T } | { ok: false; issues: string[] };
}

export function settingsGroup<Shape extends z.ZodRawShape, T>(shape: Shape, toSettings: (values: z.output<z.ZodObject<Shape>>) => T): SettingsGroup<T> {
  const schema = z.object(shape);
  return {
    variables: Object.keys(shape),
    schema,
    read: (env) => {
      const parsed = schema.safeParse(env);
      return parsed.success ? { ok: true, value: toSettings(parsed.data) } : { ok: false, issues: settingIssues(parsed.error) };
    },
  };
}
