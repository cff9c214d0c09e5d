import * as deepgram from '@livekit/agents-plugin-deepgram';
import { z } from 'zod';
import type { SttDefinition } from '../definition.js';
import { optionalText, optionalUrl, settingsGroup } from '../settings.js';

export const deepgramSettings = settingsGroup(
  {
    DEEPGRAM_API_KEY: optionalText.meta({ description: 'Deepgram API key, for Deepgram streaming STT' }),
    PARLEY_DEEPGRAM_BASE_URL: optionalUrl('PARLEY_DEEPGRAM_BASE_URL').meta({ description: 'Deepgram endpoint override', shownDefault: 'Deepgram' }),
    PARLEY_DEEPGRAM_MODEL: z.string().default('nova-3').meta({ description: 'Deepgram model' }),
  },
  (value) => ({ apiKey: value.DEEPGRAM_API_KEY, baseUrl: value.PARLEY_DEEPGRAM_BASE_URL, model: value.PARLEY_DEEPGRAM_MODEL }),
);

/** Deepgram streaming recognition (PARLEY_DEEPGRAM_MODEL). */
export const deepgramStt: SttDefinition = {
  name: 'deepgram',
  kind: 'stt',
  requires: (settings) => [{ setting: 'DEEPGRAM_API_KEY', value: settings.deepgram.apiKey }],
  create: ({ config }) => {
    const settings = config.providerSettings.deepgram;
    return new deepgram.STT({ model: settings.model, apiKey: settings.apiKey, ...(settings.baseUrl === undefined ? {} : { baseUrl: settings.baseUrl }) });
  },
};
