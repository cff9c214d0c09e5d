import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AgentConfigError } from './config.js';
import { decodeSettledRuntime, encodeSettledRuntime } from './runtime.js';
import { settleRuntime, type SettleLog } from './settle-runtime.js';

const dir = mkdtempSync(path.join(tmpdir(), 'parley-settle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = { LIVEKIT_URL: 'ws://127.0.0.1:7880', LIVEKIT_API_KEY: 'key', LIVEKIT_API_SECRET: 'secret', PARLEY_MODELS_DIR: path.join(dir, 'models') };

function recorder(): SettleLog & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (line) => lines.push(`info ${line}`), warn: (line) => lines.push(`warn ${line}`) };
}

function fakeWhisperFolder(): string {
  const folder = path.join(dir, 'whisper');
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'model.bin'), 'x');
  writeFileSync(path.join(folder, 'tokenizer.json'), '{}');
  return folder;
}

describe('settleRuntime', () => {
  it('turns auto into concrete engines, with the log lines operators know', async () => {
    const log = recorder();
    const runtime = await settleRuntime(base, { probePython: false, log });
    expect(runtime.engines).toEqual({ llm: 'echo', stt: 'pocketsphinx', whisperModelDir: null, piperVoiceFile: null, llmModelFile: null, shared: { whisper: false, piper: false } });
    expect(runtime.config.providers).toMatchObject({ llm: 'echo', stt: 'pocketsphinx', allowed: { llm: ['echo'], stt: ['pocketsphinx'] } });
    expect(log.lines).toEqual([
      expect.stringMatching(/^warn speech recognition falls back to PocketSphinx/),
      expect.stringMatching(/^warn speech output falls back to Festival/),
      'info speech recognition: pocketsphinx; local voice: festival/flite/espeak-ng',
      expect.stringMatching(/^warn no local language model, so the agent only repeats what it hears \(echo\)/),
      'info language model: echo',
    ]);
  });

  it('hands an installed Whisper to the inference process when it is the default (shared placement)', async () => {
    const whisper = fakeWhisperFolder();
    const shared = await settleRuntime({ ...base, PARLEY_WHISPER_MODEL: whisper }, { probePython: false, log: recorder() });
    expect(shared.engines).toMatchObject({ stt: 'whisper', whisperModelDir: whisper, shared: { whisper: true, piper: false } });
    const own = await settleRuntime({ ...base, PARLEY_WHISPER_MODEL: whisper, PARLEY_SPEECH_ENGINES: 'per-conversation' }, { probePython: false, log: recorder() });
    expect(own.engines.shared).toEqual({ whisper: false, piper: false });
  });

  it('refuses an explicit engine that cannot run', async () => {
    await expect(settleRuntime({ ...base, PARLEY_STT: 'whisper' }, { probePython: false, log: recorder() })).rejects.toThrow(/Local speech engines are not usable:[\s\S]*whisper, which cannot run/);
  });

  it('carries only the agent\'s settings, and survives the trip to a job process', async () => {
    const runtime = await settleRuntime({ ...base, PARLEY_GREETING: 'Hello', HOME: '/home/someone', PARLEY_SETTLED_RUNTIME: 'old' }, { probePython: false, log: recorder() });
    expect(runtime.settings).toEqual({ ...base, PARLEY_GREETING: 'Hello' });
    const inJob = decodeSettledRuntime(encodeSettledRuntime(runtime));
    expect(inJob.engines).toEqual(runtime.engines);
    expect(inJob.config).toEqual(runtime.config);
  });
});

describe('decodeSettledRuntime', () => {
  it('says where the runtime comes from when a process was started without one', () => {
    expect(() => decodeSettledRuntime(undefined)).toThrow(AgentConfigError);
    expect(() => decodeSettledRuntime(undefined)).toThrow(/PARLEY_SETTLED_RUNTIME is not set: job processes get their settled runtime from the agent worker/);
  });

  it('names what is wrong with a runtime that does not parse', () => {
    expect(() => decodeSettledRuntime('{')).toThrow(/PARLEY_SETTLED_RUNTIME is not JSON/);
    expect(() => decodeSettledRuntime(JSON.stringify({ version: 1, settings: {}, engines: { llm: 'gpt', stt: 'whisper' } }))).toThrow(/engines\.llm[\s\S]*engines\.whisperModelDir/);
  });
});
