import { describe, expect, it } from 'vitest';
import { loadAgentConfig } from './config.js';
import { DEFAULT_INSTRUCTIONS, resolveSession, type ProviderAvailability } from './session-options.js';

const config = loadAgentConfig({
  LIVEKIT_URL: 'ws://127.0.0.1:7880',
  LIVEKIT_API_KEY: 'key',
  LIVEKIT_API_SECRET: 'secret',
  PARLEY_LLM: 'echo',
  PARLEY_ALLOWED_LLM: 'openai-compatible',
  PARLEY_OPENAI_COMPATIBLE_BASE_URL: 'http://127.0.0.1:9/v1',
  PARLEY_OPENAI_COMPATIBLE_MODEL: 'test',
});

const everything: ProviderAvailability = () => true;

describe('resolveSession', () => {
  it('uses the server defaults without metadata or with malformed metadata', () => {
    for (const metadata of [undefined, '', 'not json', '{"sessionId": 5}']) {
      const resolved = resolveSession(metadata, config, everything);
      expect(resolved.llm).toBe('echo');
      expect(resolved.stt).toBe('pocketsphinx');
      expect(resolved.instructions).toBe(DEFAULT_INSTRUCTIONS);
      expect(resolved.sessionId).toBeNull();
    }
  });

  it('takes what the session asks for when the server allows it, and refuses the rest', () => {
    const resolved = resolveSession(
      JSON.stringify({ sessionId: 's-1', options: { llm: 'openai-compatible', tts: 'openai', instructions: 'Speak like a pirate.', voice: 'nova' } }),
      config,
      everything,
    );
    expect(resolved.sessionId).toBe('s-1');
    expect(resolved.llm).toBe('openai-compatible');
    expect(resolved.tts).toBe('local');
    expect(resolved.refused).toEqual(['tts=openai']);
    expect(resolved.instructions).toContain('Speak like a pirate.');
    expect(resolved.voice).toBe('nova');
    expect(resolved.reportKey).toBeNull();
  });

  it('keeps the session\'s report key from the dispatch metadata, and ignores a malformed one', () => {
    const key = 'k'.repeat(43);
    expect(resolveSession(JSON.stringify({ sessionId: 's-1', options: {}, reportKey: key }), config, everything).reportKey).toBe(key);
    const short = resolveSession(JSON.stringify({ sessionId: 's-1', options: {}, reportKey: 'short' }), config, everything);
    expect(short.sessionId).toBe('s-1');
    expect(short.reportKey).toBeNull();
  });

  it('gives an offered provider (the default allow-list) only when this worker can run it', () => {
    // The API accepts stt "pocketsphinx" by default: the agent honours it instead of its own default.
    const defaults = loadAgentConfig({ LIVEKIT_URL: 'ws://127.0.0.1:7880', LIVEKIT_API_KEY: 'key', LIVEKIT_API_SECRET: 'secret', PARLEY_LLM: 'echo', PARLEY_STT: 'whisper' });
    const asking = JSON.stringify({ sessionId: 's-1', options: { stt: 'pocketsphinx', tts: 'festival', llm: 'local' } });
    const served = resolveSession(asking, defaults, everything);
    expect([served.stt, served.tts, served.llm, served.refused]).toEqual(['pocketsphinx', 'festival', 'local', []]);
    const noLocalModel: ProviderAvailability = (slot, name) => !(slot === 'llm' && name === 'local');
    const fallback = resolveSession(asking, defaults, noLocalModel);
    expect([fallback.llm, fallback.refused]).toEqual(['echo', ['llm=local']]);
  });
});
