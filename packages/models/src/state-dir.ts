import path from 'node:path';

/** The state folder's name under a checkout: setup's tools, the Python environment, models, caches. */
export const STATE_DIR_NAME = '.parley';

/**
 * The project's state folder: PARLEY_STATE_DIR when set (resolved against the working
 * directory), else `.parley` under `root` (the checkout). The one place that works it out, for
 * the agent, the launcher, the model manager and the benchmarks alike.
 */
export function stateDir(env: NodeJS.ProcessEnv, root: string): string {
  const configured = env.PARLEY_STATE_DIR?.trim();
  return configured !== undefined && configured !== '' ? path.resolve(configured) : path.join(root, STATE_DIR_NAME);
}

/** PARLEY_MODELS_DIR when set (resolved against the working directory), else `<state>/models`. */
export function modelsDirOf(env: NodeJS.ProcessEnv, state: string): string {
  const configured = env.PARLEY_MODELS_DIR?.trim();
  return configured !== undefined && configured !== '' ? path.resolve(configured) : path.join(state, 'models');
}

/**
 * PocketSphinx's recognizer (`parley-ps-stream`, built by setup): PARLEY_PS_STREAM_BIN when set
 * (resolved against the working directory), else `<state>/bin/parley-ps-stream`.
 */
export function recognizerBinaryOf(env: NodeJS.ProcessEnv, state: string): string {
  const configured = env.PARLEY_PS_STREAM_BIN?.trim();
  return configured !== undefined && configured !== '' ? path.resolve(configured) : path.join(state, 'bin', 'parley-ps-stream');
}
