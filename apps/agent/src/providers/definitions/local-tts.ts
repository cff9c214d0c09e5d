import { LocalTTS } from '@parley/plugin-local-tts';
import type { TtsProviderName } from '@parley/protocol';
import type { TtsDefinition } from '../definition.js';

/** The local engines PARLEY_TTS_ENGINE chooses from ('auto': the best one installed). */
export const LOCAL_TTS_ENGINES = ['auto', 'piper', 'festival', 'flite', 'espeak-ng'] as const;
export type LocalTtsEngine = (typeof LOCAL_TTS_ENGINES)[number];

/**
 * A local voice: 'local' is the chain PARLEY_TTS_ENGINE picks (warm in every job process); an
 * engine's name puts that engine first, started on demand when it is not the warm one.
 */
function localVoice(name: TtsProviderName, engine: LocalTtsEngine | null): TtsDefinition {
  return {
    name,
    kind: 'tts',
    create: ({ config, engines }) =>
      engine === null || engine === config.ttsEngine ? engines.tts : new LocalTTS({ engine, ...(engines.piper ? { piper: engines.piper } : {}) }),
  };
}

export const localTts: TtsDefinition[] = [localVoice('local', null), ...LOCAL_TTS_ENGINES.map((engine) => localVoice(engine, engine))];
