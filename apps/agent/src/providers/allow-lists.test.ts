import { DEFAULT_ALLOWED_PROVIDERS, PROVIDER_NAMES, PROVIDER_SLOTS, type ProviderSlot } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
// The API's own config loader: this test exists to catch the API and the agent reading the same
// settings differently (once, PARLEY_ALLOWED_STT let the API accept what the agent then ignored).
import { ConfigError, loadConfig } from '../../../api/src/config.js';
import { AgentConfigError, loadAgentConfig, type AgentConfig } from '../config.js';

const base = { LIVEKIT_URL: 'ws://127.0.0.1:7880', LIVEKIT_API_KEY: 'key', LIVEKIT_API_SECRET: 'secret' };
const SETTING: Record<ProviderSlot, string> = { llm: 'PARLEY_ALLOWED_LLM', stt: 'PARLEY_ALLOWED_STT', tts: 'PARLEY_ALLOWED_TTS' };

/** Every name a session of this agent may get: what it must serve and what it serves when it can. */
function honoured(config: AgentConfig, slot: ProviderSlot): string[] {
  return [...config.providers.allowed[slot], ...config.providers.offered[slot]];
}

describe('the API and the agent agree on provider allow-lists', () => {
  // The worker's defaults, each way they can be set, with nothing allowed explicitly.
  const agentDefaults = [{}, { PARLEY_LLM: 'echo', PARLEY_STT: 'whisper' }, { PARLEY_LLM: 'local', PARLEY_STT: 'pocketsphinx', PARLEY_TTS: 'festival' }];

  it('by default the API accepts the protocol defaults and the agent honours every one of them', () => {
    const api = loadConfig(base).allowedProviders;
    for (const slot of PROVIDER_SLOTS) {
      expect(api[slot]).toEqual(DEFAULT_ALLOWED_PROVIDERS[slot]);
      for (const env of agentDefaults) expect(honoured(loadAgentConfig({ ...base, ...env }), slot)).toEqual(expect.arrayContaining([...api[slot]]));
    }
  });

  it('the same explicit lists mean the same names to both', () => {
    const env = { ...base, PARLEY_LLM: 'echo', PARLEY_STT: 'pocketsphinx', PARLEY_TTS: 'flite', PARLEY_ALLOWED_LLM: 'echo', PARLEY_ALLOWED_STT: ' pocketsphinx ', PARLEY_ALLOWED_TTS: 'flite,festival,flite' };
    const api = loadConfig(env).allowedProviders;
    const agent = loadAgentConfig(env);
    for (const slot of PROVIDER_SLOTS) {
      expect(honoured(agent, slot)).toEqual(api[slot]);
    }
  });

  it('both accept every provider name and refuse any other', () => {
    for (const slot of PROVIDER_SLOTS) {
      for (const name of PROVIDER_NAMES[slot]) {
        expect(loadConfig({ ...base, [SETTING[slot]]: name }).allowedProviders[slot]).toEqual([name]);
        // Accepted as a name; a cloud provider then asks for its key, which is a different error.
        expect(() => loadAgentConfig({ ...base, [SETTING[slot]]: name })).not.toThrow(/unknown .* provider/);
      }
      expect(() => loadConfig({ ...base, [SETTING[slot]]: 'nonesuch' })).toThrow(ConfigError);
      expect(() => loadAgentConfig({ ...base, [SETTING[slot]]: 'nonesuch' })).toThrow(AgentConfigError);
    }
  });
});
