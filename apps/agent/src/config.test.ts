import { describe, expect, it } from 'vitest';
import { AgentConfigError, loadAgentConfig } from './config.js';

const base = { LIVEKIT_URL: 'ws://127.0.0.1:7880', LIVEKIT_API_KEY: 'key', LIVEKIT_API_SECRET: 'secret' };

describe('loadAgentConfig', () => {
  it('applies defaults', () => {
    const config = loadAgentConfig(base);
    expect(config.brain).toBe('echo');
    expect(config.health.port).toBe(8081);
    expect(config.turn.minEndpointingDelayMs).toBe(500);
  });

  it('names every missing setting in one error', () => {
    expect(() => loadAgentConfig({})).toThrow(AgentConfigError);
    try {
      loadAgentConfig({});
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('LIVEKIT_URL');
      expect(message).toContain('LIVEKIT_API_KEY');
      expect(message).toContain('LIVEKIT_API_SECRET');
    }
  });

  it('rejects an unknown TTS engine and inverted endpointing bounds', () => {
    expect(() => loadAgentConfig({ ...base, PARLEY_TTS_ENGINE: 'sam' })).toThrow(/PARLEY_TTS_ENGINE/);
    expect(() =>
      loadAgentConfig({ ...base, PARLEY_ENDPOINTING_MIN_DELAY_MS: '900', PARLEY_ENDPOINTING_MAX_DELAY_MS: '100' }),
    ).toThrow(/MAX_DELAY/);
  });
});
