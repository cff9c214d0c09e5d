import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
/** Artifacts the tests leave for people to look at: audio, screenshots, logs. */
export const resultsDir = path.join(repoRoot, 'test-results');
