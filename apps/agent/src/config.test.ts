import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { AgentConfigError, loadAgentConfig } from './config.js';

const base = { LIVEKIT_URL: 'ws://127.0.0.1:7880', LIVEKIT_API_KEY: 'key', LIVEKIT_API_SECRET: 'secret' };

describe('loadAgentConfig', () => {
  it('applies defaults', () => {
    const config = loadAgentConfig(base);
    // 'auto': the worker settles it at start-up (the local model when installed, else echo).
    expect(config.providers.llm).toBeNull();
    expect(config.providerSettings.local.model).toBe('qwen2.5-coder-1.5b-instruct-q4_k_m');
    expect(loadAgentConfig({ ...base, PARLEY_LLM_MODEL_PATH: '/models/x.gguf' }).providerSettings.local).toMatchObject({ model: '/models/x.gguf', setting: 'PARLEY_LLM_MODEL_PATH' });
    // 'auto': the worker settles it at start-up (Whisper when installed, else PocketSphinx).
    expect(config.providers.stt).toBeNull();
    expect(config.localSpeech.whisperModel).toBe('whisper-tiny-ct2');
    expect(config.localSpeech.piperVoice).toBe('piper-en-us-joe-medium');
    expect(config.localSpeech.python).toMatch(/\.parley[/\\]python[/\\]bin[/\\]python$/);
    expect(config.providers.tts).toBe('local');
    expect(config.turn.preemptiveGeneration).toBe(true);
    expect(config.turn.preemptiveTts).toBe(true);
    expect(loadAgentConfig({ ...base, PARLEY_PREEMPTIVE_TTS: 'false' }).turn.preemptiveTts).toBe(false);
    expect(config.turn.falseInterruptionResumeMs).toBe(600);
    expect(config.turn.minInterruptionMs).toBe(80);
    expect(config.health.port).toBe(8081);
    expect(config.turn.minEndpointingDelayMs).toBe(500);
    expect(config.turn.sentenceEndMaxDelayMs).toBe(1000);
    expect(loadAgentConfig({ ...base, PARLEY_ENDPOINTING_SENTENCE_END_MAX_DELAY_MS: '0' }).turn.sentenceEndMaxDelayMs).toBe(3000);
    expect(config.turn.questionEndMaxDelayMs).toBe(600);
    expect(loadAgentConfig({ ...base, PARLEY_ENDPOINTING_QUESTION_END_MAX_DELAY_MS: '0' }).turn.questionEndMaxDelayMs).toBe(1000);
    expect(config.turn.trailingMinDelayMs).toBe(1500);
    expect(loadAgentConfig({ ...base, PARLEY_ENDPOINTING_TRAILING_MIN_DELAY_MS: '0' }).turn.trailingMinDelayMs).toBe(500);
    expect(config.maxConversations).toBe(Math.max(1, availableParallelism()));
    expect(config.jobInitTimeoutMs).toBe(60_000);
    expect(config.turn.aecWarmupMs).toBe(3000);
    expect(loadAgentConfig({ ...base, PARLEY_AEC_WARMUP_MS: '0' }).turn.aecWarmupMs).toBe(0);
  });

  it('lists a bad provider setting (declared in its provider file) with the others, in one error', () => {
    expect(() => loadAgentConfig({ ...base, PARLEY_AGENT_PORT: 'x', PARLEY_OPENAI_BASE_URL: 'nope', PARLEY_LLM_TEMPERATURE: '9' })).toThrow(
      /PARLEY_AGENT_PORT: [^\n]*\n {2}PARLEY_LLM_TEMPERATURE: [^\n]*\n {2}PARLEY_OPENAI_BASE_URL: PARLEY_OPENAI_BASE_URL must be an http:\/\/ or https:\/\/ URL\nSet these in \.parley\/env/,
    );
    expect(loadAgentConfig({ ...base, PARLEY_GEMINI_MODEL: 'gemini-x', PARLEY_LLM_MODEL_PATH: ' ' }).providerSettings).toMatchObject({
      gemini: { model: 'gemini-x', liveModel: 'gemini-2.5-flash-native-audio-preview-09-2025' },
      local: { setting: 'PARLEY_LLM_MODEL', contextSize: 4096, gpu: 'auto' },
      openai: { model: 'gpt-4.1-mini', ttsVoice: 'alloy' },
      deepgram: { model: 'nova-3', apiKey: undefined },
    });
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
    expect(() => loadAgentConfig({ ...base, PARLEY_ENDPOINTING_SENTENCE_END_MAX_DELAY_MS: '200' })).toThrow(/SENTENCE_END_MAX_DELAY_MS: must lie between/);
    expect(() => loadAgentConfig({ ...base, PARLEY_ENDPOINTING_QUESTION_END_MAX_DELAY_MS: '4000' })).toThrow(/QUESTION_END_MAX_DELAY_MS: must lie between/);
  });

  it('names the setting a chosen provider is missing, for defaults and allowed extras alike', () => {
    expect(() => loadAgentConfig({ ...base, PARLEY_ALLOWED_LLM: 'openai' })).toThrow(/OPENAI_API_KEY: required because PARLEY_ALLOWED_LLM includes "openai"/);
    expect(() => loadAgentConfig({ ...base, PARLEY_LLM: 'openai-compatible' })).toThrow(/PARLEY_OPENAI_COMPATIBLE_BASE_URL[\s\S]*PARLEY_OPENAI_COMPATIBLE_MODEL/);
    expect(() => loadAgentConfig({ ...base, PARLEY_LLM: 'gemini-live' })).toThrow(/GOOGLE_API_KEY/);
    expect(() => loadAgentConfig({ ...base, PARLEY_STT: 'deepgram' })).toThrow(/DEEPGRAM_API_KEY/);
    expect(() => loadAgentConfig({ ...base, PARLEY_LLM: 'gpt' })).toThrow(/PARLEY_LLM must be one of/);
    expect(() => loadAgentConfig({ ...base, PARLEY_STT: 'vosk' })).toThrow(/PARLEY_STT: unknown STT provider "vosk"/);
    expect(() => loadAgentConfig({ ...base, PARLEY_TIMEZONE: 'Mars/Olympus' })).toThrow(/PARLEY_TIMEZONE/);
  });

  it('collects the allowed choices with the defaults first', () => {
    const config = loadAgentConfig({
      ...base,
      PARLEY_LLM: 'openai-compatible',
      PARLEY_OPENAI_COMPATIBLE_BASE_URL: 'http://127.0.0.1:11434/v1',
      PARLEY_OPENAI_COMPATIBLE_MODEL: 'qwen2.5',
      PARLEY_ALLOWED_LLM: 'echo, openai-compatible',
      PARLEY_STT: 'pocketsphinx',
      PARLEY_ALLOWED_STT: 'whisper, pocketsphinx',
    });
    expect(config.providers.allowed.llm).toEqual(['openai-compatible', 'echo']);
    expect(config.providers.allowed.stt).toEqual(['pocketsphinx', 'whisper']);
    // Listed explicitly: nothing else is offered (PARLEY_ALLOWED_TTS is unset, so its defaults are).
    expect(config.providers.offered).toEqual({ llm: [], stt: [], tts: ['auto', 'piper', 'festival', 'flite', 'espeak-ng'] });
  });

  it('offers the rest of the default allow-list (as the API accepts it) while PARLEY_ALLOWED_* is unset', () => {
    const config = loadAgentConfig({ ...base, PARLEY_LLM: 'echo', PARLEY_STT: 'whisper', PARLEY_TTS: 'local' });
    expect(config.providers.allowed).toEqual({ llm: ['echo'], stt: ['whisper'], tts: ['local'] });
    expect(config.providers.offered).toEqual({ llm: ['local'], stt: ['pocketsphinx'], tts: ['auto', 'piper', 'festival', 'flite', 'espeak-ng'] });
    // Offered names are never required at start, so unset ones need no keys either.
    expect(loadAgentConfig({ ...base, PARLEY_ALLOWED_STT: '' }).providers.offered.stt).toEqual(['whisper', 'pocketsphinx']);
  });

  it('names unknown entries of the allow-lists', () => {
    expect(() => loadAgentConfig({ ...base, PARLEY_ALLOWED_LLM: 'echo,gpt-9', PARLEY_ALLOWED_TTS: 'sam' })).toThrow(
      /PARLEY_ALLOWED_LLM: unknown LLM provider "gpt-9" \(one of echo, local[^)]*\)\n  PARLEY_ALLOWED_TTS: unknown TTS provider "sam"/,
    );
  });
});
