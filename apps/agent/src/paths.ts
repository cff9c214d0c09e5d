import { fileURLToPath } from 'node:url';
import { stateDir as stateDirUnder } from '@parley/models';

/** The checkout this agent runs from (apps/agent/dist → three levels up). */
export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** Where setup put the project's own tools, Python environment and models (git-ignored); see @parley/models stateDir. */
export function stateDir(env: NodeJS.ProcessEnv): string {
  return stateDirUnder(env, REPO_ROOT);
}
