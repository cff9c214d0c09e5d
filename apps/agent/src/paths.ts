import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout this agent runs from (apps/agent/dist → three levels up). */
export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** Where setup put the project's own tools, Python environment and models (git-ignored). */
export function stateDir(env: NodeJS.ProcessEnv): string {
  return env.PARLEY_STATE_DIR && env.PARLEY_STATE_DIR.trim() !== '' ? path.resolve(env.PARLEY_STATE_DIR) : path.join(REPO_ROOT, '.parley');
}
