import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAgentConfig } from '../config.js';
import { findLocalSpeech, settleLocalSpeech } from './local-speech.js';

const dir = mkdtempSync(path.join(tmpdir(), 'parley-local-speech-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = { LIVEKIT_URL: 'ws://127.0.0.1:7880', LIVEKIT_API_KEY: 'key', LIVEKIT_API_SECRET: 'secret', PARLEY_MODELS_DIR: path.join(dir, 'models') };

function fakeWhisperFolder(): string {
  const folder = path.join(dir, 'whisper');
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'model.bin'), 'x');
  writeFileSync(path.join(folder, 'tokenizer.json'), '{}');
  return folder;
}

function fakePiperVoice(): string {
  const file = path.join(dir, 'voice.onnx');
  writeFileSync(file, 'x');
  writeFileSync(`${file}.json`, '{}');
  return file;
}

describe('local speech engines', () => {
  it('auto without the neural engines falls back to PocketSphinx and Festival, saying why', async () => {
    const config = loadAgentConfig(base);
    const inventory = await findLocalSpeech(config.localSpeech, { probePython: false });
    expect(inventory.whisper).toEqual({ ok: false, problem: expect.stringMatching(/whisper-tiny-ct2 is not installed .*scripts\/setup\.sh/) });
    const settled = settleLocalSpeech(config, inventory);
    expect(settled.stt).toBe('pocketsphinx');
    expect(settled.whisperModel).toBe('');
    expect(settled.chosen).toEqual({ whisper: false, piper: false });
    expect(settled.piperVoice).toBeNull();
    expect(settled.problems).toEqual([]);
    expect(settled.notes.join('\n')).toMatch(/falls back to PocketSphinx[\s\S]*falls back to Festival/);
  });

  it('auto picks Whisper and Piper when their models and Python are there', async () => {
    const config = loadAgentConfig({ ...base, PARLEY_WHISPER_MODEL: fakeWhisperFolder(), PARLEY_PIPER_VOICE: fakePiperVoice() });
    const inventory = await findLocalSpeech(config.localSpeech, { probePython: false });
    const settled = settleLocalSpeech(config, inventory);
    expect(settled.stt).toBe('whisper');
    expect(settled.chosen).toEqual({ whisper: true, piper: true });
    expect(settled.piperVoice).toBe(path.join(dir, 'voice.onnx'));
    expect(settled.notes).toEqual([]);
  });

  it('an explicit choice that cannot run is a start-up problem naming the setting', async () => {
    const config = loadAgentConfig({ ...base, PARLEY_STT: 'whisper', PARLEY_TTS_ENGINE: 'piper' });
    const settled = settleLocalSpeech(config, await findLocalSpeech(config.localSpeech, { probePython: false }));
    expect(settled.problems).toEqual([expect.stringMatching(/^PARLEY_STT .*whisper, which cannot run/), expect.stringMatching(/^PARLEY_TTS_ENGINE .*piper, which cannot run/)]);
  });

  it('offered engines (the default allow-list) are handed to job processes when installed, never warmed, never a problem', async () => {
    const explicitDefault = loadAgentConfig({ ...base, PARLEY_STT: 'pocketsphinx', PARLEY_TTS_ENGINE: 'festival' });
    const missing = settleLocalSpeech(explicitDefault, await findLocalSpeech(explicitDefault.localSpeech, { probePython: false }));
    expect(missing).toMatchObject({ stt: 'pocketsphinx', whisperModel: '', piperVoice: null, chosen: { whisper: false, piper: false }, problems: [] });
    const installed = loadAgentConfig({ ...base, PARLEY_STT: 'pocketsphinx', PARLEY_TTS_ENGINE: 'festival', PARLEY_WHISPER_MODEL: fakeWhisperFolder(), PARLEY_PIPER_VOICE: fakePiperVoice() });
    const settled = settleLocalSpeech(installed, await findLocalSpeech(installed.localSpeech, { probePython: false }));
    expect(settled).toMatchObject({ stt: 'pocketsphinx', whisperModel: path.join(dir, 'whisper'), piperVoice: path.join(dir, 'voice.onnx'), chosen: { whisper: false, piper: false }, problems: [] });
    // Listed explicitly, they are chosen: warm, and a start-up problem when missing.
    const listed = loadAgentConfig({ ...base, PARLEY_STT: 'pocketsphinx', PARLEY_TTS_ENGINE: 'festival', PARLEY_ALLOWED_STT: 'whisper', PARLEY_ALLOWED_TTS: 'piper', PARLEY_WHISPER_MODEL: fakeWhisperFolder(), PARLEY_PIPER_VOICE: fakePiperVoice() });
    expect(settleLocalSpeech(listed, await findLocalSpeech(listed.localSpeech, { probePython: false })).chosen).toEqual({ whisper: true, piper: true });
    // Left out of an explicit list, they are not used at all.
    const narrow = loadAgentConfig({ ...base, PARLEY_STT: 'pocketsphinx', PARLEY_TTS_ENGINE: 'festival', PARLEY_ALLOWED_STT: 'pocketsphinx', PARLEY_ALLOWED_TTS: 'festival', PARLEY_PIPER_VOICE: fakePiperVoice() });
    expect(settleLocalSpeech(narrow, await findLocalSpeech(narrow.localSpeech, { probePython: false }))).toMatchObject({ piperVoice: null, chosen: { whisper: false, piper: false } });
  });

  it('a missing Python interpreter is reported as such', async () => {
    const config = loadAgentConfig({ ...base, PARLEY_WHISPER_MODEL: fakeWhisperFolder(), PARLEY_PYTHON: path.join(dir, 'no-python') });
    const inventory = await findLocalSpeech(config.localSpeech, { probePython: true });
    expect(inventory.whisper).toEqual({ ok: false, problem: expect.stringMatching(/no Python interpreter at .*no-python/) });
  });

  it('a folder that is not a Whisper model is refused', async () => {
    const config = loadAgentConfig({ ...base, PARLEY_WHISPER_MODEL: dir });
    const inventory = await findLocalSpeech(config.localSpeech, { probePython: false });
    expect(inventory.whisper).toEqual({ ok: false, problem: expect.stringMatching(/is not a CTranslate2 Whisper model folder/) });
  });
});
