import { describe, expect, it } from 'vitest';
import { DEFAULT_ALLOWED_PROVIDERS, isProviderName, parseAllowedProviders, PROVIDER_NAMES, PROVIDER_SLOTS, unknownProviderMessage } from './providers.js';

describe('provider names', () => {
  it('allows by default only names of the same slot', () => {
    for (const slot of PROVIDER_SLOTS) {
      for (const name of DEFAULT_ALLOWED_PROVIDERS[slot]) expect(isProviderName(slot, name)).toBe(true);
    }
  });

  it('reads an unset or blank allow-list as the default list', () => {
    for (const value of [undefined, '', '  ']) {
      expect(parseAllowedProviders('stt', value)).toEqual({ names: ['whisper', 'pocketsphinx'], problems: [], explicit: false });
    }
  });

  it('reads a list in order, drops duplicates and names unknown entries', () => {
    expect(parseAllowedProviders('llm', ' echo, openai-compatible ,echo')).toEqual({ names: ['echo', 'openai-compatible'], problems: [], explicit: true });
    expect(parseAllowedProviders('tts', 'festival,sam').problems).toEqual(['unknown TTS provider "sam" (local, auto, piper, festival, flite, espeak-ng or openai)']);
    expect(parseAllowedProviders('stt', ' , ')).toEqual({ names: [], problems: [], explicit: true });
  });

  it('words unknown names as the agent always has', () => {
    expect(unknownProviderMessage('stt', 'vosk')).toBe('unknown STT provider "vosk" (auto, whisper, pocketsphinx, deepgram or openai)');
    expect(unknownProviderMessage('llm', 'gpt')).toBe(`unknown LLM provider "gpt" (one of ${PROVIDER_NAMES.llm.join(', ')})`);
  });
});
