import { accessSync, constants } from 'node:fs';
import path from 'node:path';

export class MissingLivekitError extends Error {
  override readonly name = 'MissingLivekitError';
}

const isExecutable = (file: string): boolean => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** Explicit setting first, then PATH, then the copy scripts/setup.sh builds into .parley/tools. */
export function resolveLivekitBinary(options: { explicit: string | undefined; pathEnv: string | undefined; toolsDir: string }): string {
  if (options.explicit) {
    if (isExecutable(options.explicit)) return options.explicit;
    throw new MissingLivekitError(`PARLEY_LIVEKIT_BIN points to ${options.explicit}, which is not an executable file. Fix the path or unset it.`);
  }
  for (const dir of (options.pathEnv ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, 'livekit-server'))) return path.join(dir, 'livekit-server');
  }
  const local = path.join(options.toolsDir, 'bin', 'livekit-server');
  if (isExecutable(local)) return local;
  throw new MissingLivekitError(
    'LiveKit server not found: no livekit-server on PATH and none in .parley/tools/bin.\n' +
      'Run `bash scripts/setup.sh` (builds the pinned release with Go), or install livekit-server on PATH, or set PARLEY_LIVEKIT_BIN.',
  );
}
