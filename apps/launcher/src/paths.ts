import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository root: apps/launcher/dist/paths.js is three levels below it. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * Machine-local state that git ignores: generated keys, configs, tools, logs. PARLEY_STATE_DIR
 * when set, else `.parley` under the checkout: the rule of `stateDir` in @parley/models, which the
 * launcher may not import (the API's image carries no engine packages); paths.test.ts holds both
 * to the same answers.
 */
export function stateDir(env: Record<string, string | undefined>, root: string = repoRoot): string {
  const configured = env.PARLEY_STATE_DIR?.trim();
  return configured !== undefined && configured !== '' ? path.resolve(configured) : path.join(root, '.parley');
}
