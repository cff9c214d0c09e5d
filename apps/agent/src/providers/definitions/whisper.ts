import { ProviderUnavailableError, type SttDefinition } from '../definition.js';

/**
 * Whisper (CTranslate2) in a Python worker. Whether it can run is settled with the other local
 * speech engines at worker start (local-speech.ts), which names its problems.
 */
export const whisper: SttDefinition = {
  name: 'whisper',
  kind: 'stt',
  available: (engines) => engines.whisper !== null,
  create: ({ engines }) => {
    if (engines.whisper === null) throw new ProviderUnavailableError('the Whisper recognizer is not installed (see the agent start-up log)');
    return engines.whisper;
  },
};
