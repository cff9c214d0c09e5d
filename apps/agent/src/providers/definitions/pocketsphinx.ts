import { ProviderUnavailableError, type SttDefinition } from '../definition.js';

/** PocketSphinx in a long-lived native process: the recognizer that needs no download. */
export const pocketsphinx: SttDefinition = {
  name: 'pocketsphinx',
  kind: 'stt',
  available: (engines) => engines.pocketsphinx !== null,
  create: ({ engines }) => {
    if (engines.pocketsphinx === null) throw new ProviderUnavailableError('PocketSphinx is not allowed here (PARLEY_ALLOWED_STT)');
    return engines.pocketsphinx;
  },
};
