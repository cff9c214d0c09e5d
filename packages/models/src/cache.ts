import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { ModelEntry, ModelFile } from './catalogue-types.js';
import { CATALOGUE, findModel } from './catalogue.js';
import { sha256File } from './checksum.js';
import type { ModelsConfig } from './config.js';
import { ModelNotInstalledError, UnknownModelError } from './errors.js';

export function modelDir(config: ModelsConfig, model: ModelEntry): string {
  return path.join(config.modelsDir, model.name);
}

export function filePath(config: ModelsConfig, model: ModelEntry, file: ModelFile): string {
  return path.join(modelDir(config, model), file.path);
}

async function sizeOrNull(file: string): Promise<number | null> {
  try {
    return (await stat(file)).size;
  } catch {
    return null;
  }
}

/** Files that are absent or have the wrong size (a cheap check suitable for every start-up). */
export async function missingFiles(config: ModelsConfig, model: ModelEntry): Promise<string[]> {
  const missing: string[] = [];
  for (const file of model.files) {
    const size = await sizeOrNull(filePath(config, model, file));
    if (size === null || (file.sizeBytes !== null && size !== file.sizeBytes)) missing.push(file.path);
  }
  return missing;
}

export function lookupModel(name: string): ModelEntry {
  const model = findModel(name);
  if (!model) throw new UnknownModelError(name, CATALOGUE.map((entry) => entry.name));
  return model;
}

/**
 * The folder holding an installed model, for the plugins that load it. Throws
 * ModelNotInstalledError (whose message says how to install it) when files are missing.
 */
export async function requireModel(config: ModelsConfig, name: string): Promise<string> {
  const model = lookupModel(name);
  const missing = await missingFiles(config, model);
  if (missing.length > 0) throw new ModelNotInstalledError(model, missing, config.modelsDir);
  return modelDir(config, model);
}

export interface FileVerification {
  path: string;
  status: 'ok' | 'missing' | 'mismatch' | 'unpinned';
  sha256: string | null;
}

/** Full sha256 check of every file of a model. */
export async function verifyModel(config: ModelsConfig, model: ModelEntry): Promise<FileVerification[]> {
  const results: FileVerification[] = [];
  for (const file of model.files) {
    const target = filePath(config, model, file);
    if ((await sizeOrNull(target)) === null) {
      results.push({ path: file.path, status: 'missing', sha256: null });
      continue;
    }
    const actual = await sha256File(target);
    const status = file.sha256 === null ? 'unpinned' : actual === file.sha256 ? 'ok' : 'mismatch';
    results.push({ path: file.path, status, sha256: actual });
  }
  return results;
}
