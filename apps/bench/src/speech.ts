import path from 'node:path';
import { coughSamples, readWavPcm, speechWav } from '@parley/test-harness/speech';
import type { CutInKind } from './cut-in.js';

/** The fixed utterance set: short commands and questions a voice assistant hears. */
export const UTTERANCES: readonly string[] = [
  'what is the weather like today',
  'please turn on the lights in the kitchen',
  'set a timer for ten minutes',
  'what time is it',
  'play some music please',
  'how far away is the moon',
  'open the front door',
  'good morning how are you',
  'call my mother tomorrow',
  'what is the capital of france',
  'book a table for two people',
  'read me the news',
];

/** The utterance set as the bench user's microphone plays it, synthesised once into `<outDir>/audio`. */
export function utteranceAudio(outDir: string): { text: string; samples: Int16Array }[] {
  const audioDir = path.join(outDir, 'audio');
  return UTTERANCES.map((text) => ({ text, samples: readWavPcm(speechWav(audioDir, text)).samples }));
}

/** What the bench's user says to get a long reply, and what it then says (or does) over it. */
export function cutInAudio(outDir: string): { prompt: Int16Array; cutIns: Record<CutInKind, Int16Array> } {
  const audioDir = path.join(outDir, 'audio');
  const words = (text: string): Int16Array => readWavPcm(speechWav(audioDir, text)).samples;
  return {
    prompt: words('please remember that the meeting with the design team moves from tuesday morning to thursday afternoon next week'),
    cutIns: { words: words('wait stop please'), cough: coughSamples(), acknowledgement: words('okay') },
  };
}

/** Linear interpolation to `rate` (the telephone clips are 8 kHz; the bench's microphone is 48 kHz). */
export function resampleLinear(samples: Int16Array, fromRate: number, toRate: number): Int16Array {
  if (fromRate === toRate) return samples;
  const ratio = fromRate / toRate;
  const out = new Int16Array(Math.floor(samples.length / ratio));
  for (let index = 0; index < out.length; index += 1) {
    const at = index * ratio;
    const left = Math.floor(at);
    const a = samples[left] ?? 0;
    const b = samples[Math.min(left + 1, samples.length - 1)] ?? a;
    out[index] = Math.round(a + (b - a) * (at - left));
  }
  return out;
}
