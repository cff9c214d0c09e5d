import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

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
  'build it with `packages/plugin-pocketsphinx/native/build.sh <path>` (scripts/setup.sh does, into the state folder; ' +
  'needs: apt-get install -y gcc libc6-dev pkg-config libpocketsphinx-dev libsphinxbase-dev), ' +
  'or pass the path of an existing build';

/** Error raised when the recognizer binary or the model files are not installed. */
export class PocketSphinxSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PocketSphinxSetupError';
  }
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
