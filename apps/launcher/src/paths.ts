import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository root: apps/launcher/dist/paths.js is three levels below it. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Machine-local state that git ignores: generated keys, configs, tools, logs. */
export const stateDir = (root: string = repoRoot): string => path.join(root, '.parley');
