import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALLOWED_PROVIDERS_SETTING, DEFAULT_ALLOWED_PROVIDERS, PROVIDER_NAMES, PROVIDER_SLOTS } from '@parley/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAgentConfig } from '../config.js';
import { slotOf, type ProviderDefinition } from './definition.js';
import type { LocalEngines } from './engines.js';
import { findProviderProblems, missingProviderSettings, PROVIDER_REGISTRY, PROVIDER_SETTINGS } from './registry.js';

const base = { LIVEKIT_URL: 'ws://127.0.0.1:7880', LIVEKIT_API_KEY: 'key', LIVEKIT_API_SECRET: 'secret' };
const dir = mkdtempSync(path.join(tmpdir(), 'parley-readiness-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the provider registry', () => {
  it('defines exactly the names @parley/protocol publishes (the API accepts), once each, in their slot', () => {
    for (const slot of PROVIDER_SLOTS) {
      const definitions: readonly ProviderDefinition[] = PROVIDER_REGISTRY[slot];
      expect(definitions.map((definition) => definition.name).sort()).toEqual([...PROVIDER_NAMES[slot]].sort());
      for (const definition of definitions) expect(slotOf(definition)).toBe(slot);
    }
  });

  it('declares each provider setting in one provider file only', () => {
    const variables = Object.values(PROVIDER_SETTINGS).flatMap((group) => group.variables);
    expect(variables.length).toBeGreaterThan(20);
    expect(new Set(variables).size).toBe(variables.length);
    expect(variables).toEqual(expect.arrayContaining(['OPENAI_API_KEY', 'PARLEY_LLM_MODEL', 'DEEPGRAM_API_KEY', 'GOOGLE_API_KEY', 'PARLEY_OPENAI_COMPATIBLE_BASE_URL']));
  });

  it('is what the README documents: every provider name, and the default allow-lists', () => {
    const readme = readFileSync(fileURLToPath(new URL('../../../../README.md', import.meta.url)), 'utf8');
    const row = (setting: string): string => readme.split('\n').find((line) => line.startsWith(`| \`${setting}\``)) ?? '';
    const mentions = (line: string, name: string): boolean => line.includes(`\`${name}\``);
    for (const name of PROVIDER_NAMES.llm) expect(mentions(row('PARLEY_LLM'), name), `PARLEY_LLM row names ${name}`).toBe(true);
    for (const name of PROVIDER_NAMES.stt) expect(mentions(row('PARLEY_STT'), name), `PARLEY_STT row names ${name}`).toBe(true);
    for (const name of PROVIDER_NAMES.tts) expect(mentions(row('PARLEY_TTS') + row('PARLEY_TTS_ENGINE'), name), `PARLEY_TTS rows name ${name}`).toBe(true);
    for (const slot of PROVIDER_SLOTS) expect(row(ALLOWED_PROVIDERS_SETTING[slot])).toContain(`| \`${DEFAULT_ALLOWED_PROVIDERS[slot].join(',')}\` |`);
  });

  it('marks the speech-to-speech models as realtime', () => {
    expect(PROVIDER_REGISTRY.llm.filter((definition) => definition.kind === 'realtime').map((definition) => definition.name)).toEqual(['gemini-live', 'openai-realtime']);
  });

  it('says which local engines a job process can serve', () => {
    const none = { whisper: null, pocketsphinx: null, llama: null, llamaOnDemand: null } as unknown as LocalEngines;
    const available = (slot: 'llm' | 'stt', name: string, engines: LocalEngines): boolean => {
      const definition: ProviderDefinition | undefined = PROVIDER_REGISTRY[slot].find((candidate) => candidate.name === name);
      return definition?.available?.(engines) ?? true;
    };
    expect(['whisper', 'pocketsphinx'].map((name) => available('stt', name, none))).toEqual([false, false]);
    expect(available('llm', 'local', none)).toBe(false);
    expect(available('llm', 'local', { ...none, llamaOnDemand: '/models/m.gguf' })).toBe(true);
    expect(available('stt', 'deepgram', none)).toBe(true);
  });

  it('names the settings each allowed provider lacks, with the setting that allowed it', () => {
    const config = loadAgentConfig(base);
    const selection = { ...config.providers, llm: 'gemini' as const, allowed: { llm: ['gemini' as const, 'openai-compatible' as const], stt: ['deepgram' as const], tts: ['openai' as const] } };
    expect(missingProviderSettings(selection, config.providerSettings)).toEqual([
      '  GOOGLE_API_KEY: required because PARLEY_LLM includes "gemini"',
      '  PARLEY_OPENAI_COMPATIBLE_BASE_URL: required because PARLEY_ALLOWED_LLM includes "openai-compatible" (e.g. http://127.0.0.1:11434/v1 for Ollama)',
      '  PARLEY_OPENAI_COMPATIBLE_MODEL: required because PARLEY_ALLOWED_LLM includes "openai-compatible"',
      '  DEEPGRAM_API_KEY: required because PARLEY_STT or PARLEY_ALLOWED_STT includes "deepgram"',
      '  OPENAI_API_KEY: required because PARLEY_TTS or PARLEY_ALLOWED_TTS includes "openai"',
    ]);
  });
});

describe('findProviderProblems', () => {
  it('accepts the all-local default', async () => {
    expect(await findProviderProblems(loadAgentConfig(base))).toEqual([]);
  });

  it('does not require an offered local model (the default allow-list) that is not installed', async () => {
    const config = loadAgentConfig({ ...base, PARLEY_LLM: 'echo', PARLEY_MODELS_DIR: dir });
    expect(config.providers.offered.llm).toEqual(['local']);
    expect(await findProviderProblems(config)).toEqual([]);
  });

  it('names PARLEY_LLM_MODEL when the chosen local model is not installed', async () => {
    const problems = await findProviderProblems(loadAgentConfig({ ...base, PARLEY_LLM: 'local', PARLEY_MODELS_DIR: dir }));
    expect(problems).toEqual([expect.stringMatching(/^PARLEY_LLM_MODEL: model qwen2\.5-coder-1\.5b-instruct-q4_k_m is not installed .*scripts\/setup\.sh/)]);
  });

  it('names PARLEY_LLM_MODEL_PATH for a missing or non-GGUF model file', async () => {
    const missing = await findProviderProblems(loadAgentConfig({ ...base, PARLEY_LLM: 'local', PARLEY_LLM_MODEL_PATH: path.join(dir, 'nope.gguf') }));
    expect(missing).toEqual([expect.stringMatching(/^PARLEY_LLM_MODEL_PATH: model file not found/)]);
    const text = path.join(dir, 'model.gguf');
    writeFileSync(text, 'not a model');
    const wrong = await findProviderProblems(loadAgentConfig({ ...base, PARLEY_LLM: 'local', PARLEY_LLM_MODEL_PATH: text }));
    expect(wrong).toEqual([expect.stringMatching(/^PARLEY_LLM_MODEL_PATH: not a GGUF/)]);
  });

  it('names PARLEY_OPENAI_COMPATIBLE_BASE_URL when the endpoint does not answer', async () => {
    const port = await closedPort();
    const problems = await findProviderProblems(
      loadAgentConfig({ ...base, PARLEY_LLM: 'openai-compatible', PARLEY_OPENAI_COMPATIBLE_BASE_URL: `http://127.0.0.1:${port}/v1`, PARLEY_OPENAI_COMPATIBLE_MODEL: 'm' }),
    );
    expect(problems).toEqual([expect.stringMatching(/^PARLEY_OPENAI_COMPATIBLE_BASE_URL: cannot reach http:\/\/127\.0\.0\.1:\d+\/v1\/models/)]);
  });
});
