import path from 'node:path';
import { speechWav as speechWavIn, type SpeechOptions } from '@parley/test-harness/speech';
import { resultsDir } from './paths.js';

/** Test speech (see @parley/test-harness/speech), kept with the other artifacts under test-results/audio. */
export function speechWav(text: string, options: SpeechOptions = {}): string {
  return speechWavIn(path.join(resultsDir, 'audio'), text, options);
}
