import { existsSync } from 'node:fs';
import path from 'node:path';
import { findModel, missingFiles, modelDir, type ModelsConfig } from '@parley/models';
import { checkPythonEngines, type SpeechEngineKind } from '@parley/speech-sidecar';
import type { SttProviderName } from '@parley/protocol';
import type { AgentConfig, LocalSpeechSettings } from '../config.js';

/** Where an engine's model is, or why the engine cannot run here. */
export type EngineAvailability = { ok: true; path: string } | { ok: false; problem: string };

export interface LocalSpeechInventory {
  whisper: EngineAvailability;
  piper: EngineAvailability;
}

const INSTALL_HINT = 'run `bash scripts/setup.sh` with internet once (it installs the Python engines and `node packages/models/dist/cli.js install --defaults`)';

export function looksLikePath(value: string): boolean {
  return path.isAbsolute(value) || value.startsWith('.') || value.includes(path.sep);
}

async function catalogueFolder(settings: LocalSpeechSettings, name: string, kind: 'stt' | 'tts'): Promise<EngineAvailability> {
  const entry = findModel(name);
  if (!entry || entry.kind !== kind) return { ok: false, problem: `"${name}" is not a ${kind.toUpperCase()} model of the catalogue (node packages/models/dist/cli.js list)` };
  const config: ModelsConfig = { modelsDir: settings.modelsDir, python: settings.python, offline: true };
  const missing = await missingFiles(config, entry);
  if (missing.length > 0) return { ok: false, problem: `model ${name} is not installed in ${settings.modelsDir} (missing ${missing.join(', ')}); ${INSTALL_HINT}` };
  return { ok: true, path: modelDir(config, entry) };
}

async function whisperModel(settings: LocalSpeechSettings): Promise<EngineAvailability> {
  if (!looksLikePath(settings.whisperModel)) return catalogueFolder(settings, settings.whisperModel, 'stt');
  const folder = path.resolve(settings.whisperModel);
  return existsSync(path.join(folder, 'model.bin')) && existsSync(path.join(folder, 'tokenizer.json'))
    ? { ok: true, path: folder }
    : { ok: false, problem: `${folder} is not a CTranslate2 Whisper model folder (model.bin, tokenizer.json)` };
}

async function piperVoice(settings: LocalSpeechSettings): Promise<EngineAvailability> {
  if (settings.piperVoice === '') return { ok: false, problem: 'PARLEY_PIPER_VOICE is empty' };
  if (looksLikePath(settings.piperVoice)) {
    const file = path.resolve(settings.piperVoice);
    return file.endsWith('.onnx') && existsSync(file) && existsSync(`${file}.json`)
      ? { ok: true, path: file }
      : { ok: false, problem: `${file} is not a Piper voice (a .onnx file with its .onnx.json beside it)` };
  }
  const folder = await catalogueFolder(settings, settings.piperVoice, 'tts');
  if (!folder.ok) return folder;
  const onnx = findModel(settings.piperVoice)?.files.find((file) => file.path.endsWith('.onnx'));
  return onnx ? { ok: true, path: path.join(folder.path, onnx.path) } : { ok: false, problem: `${settings.piperVoice} has no .onnx voice file` };
}

async function withPython(settings: LocalSpeechSettings, engine: SpeechEngineKind, model: EngineAvailability, probePython: boolean): Promise<EngineAvailability> {
  if (!model.ok || !probePython) return model;
  const check = await checkPythonEngines(settings.python, engine);
  return check.ok ? model : { ok: false, problem: `${check.problem}; ${INSTALL_HINT}` };
}

/**
 * Which neural local engines can run here. The model checks are file checks; `probePython`
 * also runs the interpreter once to see that the engine's modules import (the worker process
 * does this at start; job processes skip it).
 */
export async function findLocalSpeech(settings: LocalSpeechSettings, options: { probePython: boolean }): Promise<LocalSpeechInventory> {
  const [whisper, piper] = await Promise.all([whisperModel(settings), piperVoice(settings)]);
  return {
    whisper: await withPython(settings, 'whisper', whisper, options.probePython),
    piper: await withPython(settings, 'piper', piper, options.probePython),
  };
}

/**
 * The neural engines the settings choose (the default recognizer or voice chain, or listed in
 * PARLEY_ALLOWED_*), as opposed to merely offered by the default allow-list. Chosen engines are
 * warm: with shared placement they run in the worker's inference process, started with it.
 * Offered ones cost nothing until a session asks: its job process then starts its own.
 */
export function chosenEngines(config: AgentConfig, stt: SttProviderName | null): { whisper: boolean; piper: boolean } {
  const { allowed } = config.providers;
  return {
    whisper: stt === 'whisper' || allowed.stt.includes('whisper'),
    piper: config.ttsEngine === 'auto' || config.ttsEngine === 'piper' || allowed.tts.includes('piper'),
  };
}

export interface SettledSpeech {
  stt: SttProviderName;
  /** The Whisper model folder (the settled runtime carries it to job processes); empty when Whisper cannot run here. */
  whisperModel: string;
  /** The Piper voice file for job processes, or null when Piper is not used. */
  piperVoice: string | null;
  /** The chosen engines (chosenEngines) that can run: warm from the start, shared when placement is 'shared'. */
  chosen: { whisper: boolean; piper: boolean };
  /** Settings whose explicit choice cannot be honoured, one line each. */
  problems: string[];
  /** Why an 'auto' choice fell back, for the log. */
  notes: string[];
}

/** Settles 'auto' into concrete local engines, and checks the explicit choices. */
export function settleLocalSpeech(config: AgentConfig, inventory: LocalSpeechInventory): SettledSpeech {
  const problems: string[] = [];
  const notes: string[] = [];
  const chosen = config.providers.stt;
  let stt: SttProviderName;
  if (chosen === null) {
    stt = inventory.whisper.ok ? 'whisper' : 'pocketsphinx';
    if (!inventory.whisper.ok) notes.push(`speech recognition falls back to PocketSphinx: ${inventory.whisper.problem}`);
  } else {
    stt = chosen;
  }
  const { offered } = config.providers;
  const wants = chosenEngines(config, stt);
  // Only chosen engines must run; offered ones (the default allow-list) are used when installed.
  if (wants.whisper && !inventory.whisper.ok) problems.push(`PARLEY_STT / PARLEY_ALLOWED_STT include whisper, which cannot run: ${inventory.whisper.problem}`);
  const explicitPiper = config.ttsEngine === 'piper' || config.providers.allowed.tts.includes('piper');
  if (explicitPiper && !inventory.piper.ok) problems.push(`PARLEY_TTS_ENGINE / PARLEY_ALLOWED_TTS include piper, which cannot run: ${inventory.piper.problem}`);
  if (config.ttsEngine === 'auto' && !inventory.piper.ok) notes.push(`speech output falls back to Festival/flite/espeak-ng: ${inventory.piper.problem}`);
  const usesPiper = (wants.piper || offered.tts.includes('piper')) && inventory.piper.ok;
  return {
    stt,
    // An offered Whisper whose Python check failed here must not look installed to the job processes.
    whisperModel: inventory.whisper.ok ? inventory.whisper.path : '',
    piperVoice: usesPiper && inventory.piper.ok ? inventory.piper.path : null,
    chosen: { whisper: wants.whisper && inventory.whisper.ok, piper: wants.piper && inventory.piper.ok },
    problems,
    notes,
  };
}
