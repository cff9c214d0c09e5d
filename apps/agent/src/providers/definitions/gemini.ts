import * as google from '@livekit/agents-plugin-google';
import { z } from 'zod';
import type { ProviderSettings } from '../../config.js';
import type { LlmDefinition, Requirement } from '../definition.js';
import { optionalText, optionalUrl, settingsGroup } from '../settings.js';

export const geminiSettings = settingsGroup(
  {
    GOOGLE_API_KEY: optionalText.meta({ description: 'Google API key, for Gemini and Gemini Live' }),
    PARLEY_GEMINI_BASE_URL: optionalUrl('PARLEY_GEMINI_BASE_URL').meta({ description: 'Gemini endpoint override', shownDefault: 'Google' }),
    PARLEY_GEMINI_MODEL: z.string().default('gemini-2.5-flash').meta({ description: 'Gemini model' }),
    PARLEY_GEMINI_LIVE_MODEL: z.string().default('gemini-2.5-flash-native-audio-preview-09-2025').meta({ description: 'Gemini Live (speech-to-speech) model' }),
  },
  (value) => ({ apiKey: value.GOOGLE_API_KEY, baseUrl: value.PARLEY_GEMINI_BASE_URL, model: value.PARLEY_GEMINI_MODEL, liveModel: value.PARLEY_GEMINI_LIVE_MODEL }),
);

const apiKey = (settings: ProviderSettings): Requirement[] => [{ setting: 'GOOGLE_API_KEY', value: settings.gemini.apiKey }];
const httpOptions = (baseUrl: string | undefined) => (baseUrl === undefined ? {} : { httpOptions: { baseUrl } });

/** Gemini's chat model (PARLEY_GEMINI_MODEL). */
export const gemini: LlmDefinition = {
  name: 'gemini',
  kind: 'llm',
  images: 'auto',
  requires: apiKey,
  create: ({ config }) => {
    const settings = config.providerSettings.gemini;
    return { kind: 'pipeline', llm: new google.LLM({ model: settings.model, apiKey: settings.apiKey, ...httpOptions(settings.baseUrl) }) };
  },
};

/** Gemini Live: speech to speech. */
export const geminiLive: LlmDefinition = {
  name: 'gemini-live',
  kind: 'realtime',
  images: 'on',
  requires: apiKey,
  create: ({ config, instructions }) => {
    const settings = config.providerSettings.gemini;
    return { kind: 'realtime', model: new google.realtime.RealtimeModel({ model: settings.liveModel, apiKey: settings.apiKey, instructions, ...httpOptions(settings.baseUrl) }) };
  },
};
