import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Environment variable that overrides the recognizer binary location. */
export const PS_STREAM_BIN_ENV = 'PARLEY_PS_STREAM_BIN';

/** Debian's `pocketsphinx-en-us` model directory. */
export const DEFAULT_MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';

export interface ModelPaths {
  /** Acoustic model directory (`-hmm`). */
  hmm: string;
  /** Pronunciation dictionary (`-dict`). */
  dict: string;
  /** Language model (`-lm`). */
  lm: string;
}

export const DEFAULT_MODEL_PATHS: ModelPaths = {
  hmm: join(DEFAULT_MODEL_DIR, 'en-us'),
  dict: join(DEFAULT_MODEL_DIR, 'cmudict-en-us.dict'),
  lm: join(DEFAULT_MODEL_DIR, 'en-us.lm.bin'),
};

const BUILD_HINT =
  'build it with `packages/plugin-pocketsphinx/native/build.sh .parley/bin/parley-ps-stream` ' +
  '(needs: apt-get install -y gcc libc6-dev pkg-config libpocketsphinx-dev libsphinxbase-dev), ' +
  `or point ${PS_STREAM_BIN_ENV} at an existing build`;

/** Error raised when the recognizer binary or the model files are not installed. */
export class PocketSphinxSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PocketSphinxSetupError';
  }
}

/**
 * Walks up from this module's directory to find the monorepo root (the first package.json that
 * declares `workspaces`). Falls back to the current working directory.
 */
export function findRepoRoot(startDir: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = resolve(startDir);
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        const parsed: unknown = JSON.parse(readFileSync(pkg, 'utf8'));
        if (typeof parsed === 'object' && parsed !== null && 'workspaces' in parsed) return dir;
      } catch {
        // unreadable package.json: keep walking up
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/** Default binary location: `<repo>/.parley/bin/parley-ps-stream`. */
export function defaultBinaryPath(): string {
  return join(findRepoRoot(), '.parley', 'bin', 'parley-ps-stream');
}

/** Explicit option, then `PARLEY_PS_STREAM_BIN`, then the repo default. */
export function resolveBinaryPath(explicit?: string): string {
  if (explicit) return resolve(explicit);
  const env = process.env[PS_STREAM_BIN_ENV];
  if (env) return resolve(env);
  return defaultBinaryPath();
}

/** Throws a {@link PocketSphinxSetupError} naming what to install/run when something is missing. */
export function checkInstallation(binary: string, model: ModelPaths): void {
  if (!existsSync(binary)) {
    throw new PocketSphinxSetupError(`PocketSphinx recognizer binary not found at ${binary}: ${BUILD_HINT}`);
  }
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    throw new PocketSphinxSetupError(`PocketSphinx recognizer binary ${binary} is not executable: ${BUILD_HINT}`);
  }
  const missing: string[] = [];
  if (!existsSync(model.hmm) || !statSync(model.hmm).isDirectory()) missing.push(`acoustic model dir ${model.hmm}`);
  if (!existsSync(model.dict)) missing.push(`dictionary ${model.dict}`);
  if (!existsSync(model.lm)) missing.push(`language model ${model.lm}`);
  if (missing.length > 0) {
    throw new PocketSphinxSetupError(
      `PocketSphinx model files missing (${missing.join(', ')}); ` +
        'install them with `apt-get install -y pocketsphinx-en-us` or pass custom model paths',
    );
  }
}
