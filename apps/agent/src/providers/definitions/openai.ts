import * as openai from '@livekit/agents-plugin-openai';
import { z } from 'zod';
import type { ProviderSettings } from '../../config.js';
import type { LlmDefinition, Requirement, SttDefinition, TtsDefinition } from '../definition.js';
import { optionalText, optionalUrl, settingsGroup } from '../settings.js';

/** One key and endpoint for OpenAI's chat, realtime, transcription and speech models. */
export const openaiSettings = settingsGroup(
  {
    OPENAI_API_KEY: optionalText.meta({ description: 'OpenAI API key, for the openai providers' }),
    PARLEY_OPENAI_BASE_URL: optionalUrl('PARLEY_OPENAI_BASE_URL').meta({ description: 'OpenAI endpoint override', shownDefault: 'OpenAI' }),
    PARLEY_OPENAI_MODEL: z.string().default('gpt-4.1-mini').meta({ description: 'OpenAI chat model' }),
    PARLEY_OPENAI_STT_MODEL: z.string().default('gpt-4o-mini-transcribe').meta({ description: 'OpenAI transcription model' }),
    PARLEY_OPENAI_TTS_MODEL: z.string().default('gpt-4o-mini-tts').meta({ description: 'OpenAI speech model' }),
    PARLEY_OPENAI_TTS_VOICE: z.string().default('alloy').meta({ description: 'OpenAI voice' }),
    PARLEY_OPENAI_REALTIME_MODEL: z.string().default('gpt-realtime').meta({ description: 'OpenAI speech-to-speech model' }),
  },
  (value) => ({
    apiKey: value.OPENAI_API_KEY,
    baseUrl: value.PARLEY_OPENAI_BASE_URL,
    model: value.PARLEY_OPENAI_MODEL,
    sttModel: value.PARLEY_OPENAI_STT_MODEL,
    ttsModel: value.PARLEY_OPENAI_TTS_MODEL,
    ttsVoice: value.PARLEY_OPENAI_TTS_VOICE,
    realtimeModel: value.PARLEY_OPENAI_REALTIME_MODEL,
  }),
);

const apiKey = (settings: ProviderSettings): Requirement[] => [{ setting: 'OPENAI_API_KEY', value: settings.openai.apiKey }];

/** OpenAI's chat model (PARLEY_OPENAI_MODEL). */
export const openaiLlm: LlmDefinition = {
  name: 'openai',
  kind: 'llm',
  images: 'auto',
  requires: apiKey,
  create: ({ config }) => {
    const settings = config.providerSettings.openai;
    return { kind: 'pipeline', llm: new openai.LLM({ model: settings.model, apiKey: settings.apiKey, baseURL: settings.baseUrl }) };
  },
};

/** OpenAI Realtime: speech to speech. */
export const openaiRealtime: LlmDefinition = {
  name: 'openai-realtime',
  kind: 'realtime',
  images: 'on',
  requires: apiKey,
  create: ({ config }) => {
    const settings = config.providerSettings.openai;
    return { kind: 'realtime', model: new openai.realtime.RealtimeModel({ model: settings.realtimeModel, apiKey: settings.apiKey, baseURL: settings.baseUrl }) };
  },
};

/** OpenAI streaming transcription. */
export const openaiStt: SttDefinition = {
  name: 'openai',
  kind: 'stt',
  requires: apiKey,
  create: ({ config }) => {
    const settings = config.providerSettings.openai;
    return new openai.STT({ model: settings.sttModel, apiKey: settings.apiKey, baseURL: settings.baseUrl });
  },
};

/** OpenAI speech; a session's `voice` wins over PARLEY_OPENAI_TTS_VOICE. */
export const openaiTts: TtsDefinition = {
  name: 'openai',
  kind: 'tts',
  requires: apiKey,
  create: ({ config, voice }) => {
    const settings = config.providerSettings.openai;
    return new openai.TTS({ model: settings.ttsModel, voice: (voice ?? settings.ttsVoice) as openai.TTSVoices, apiKey: settings.apiKey, baseURL: settings.baseUrl });
  },
};
