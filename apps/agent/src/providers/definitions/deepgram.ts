import * as deepgram from '@livekit/agents-plugin-deepgram';
import type { SttDefinition } from '../definition.js';

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
