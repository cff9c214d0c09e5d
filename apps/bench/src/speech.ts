import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const MIC_SAMPLE_RATE = 48_000;

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

/** Festival's HTS voice to a 48 kHz mono WAV, cached by text under `dir`. */
export function speechWav(dir: string, text: string): string {
  mkdirSync(dir, { recursive: true });
  const key = createHash('sha1').update(text).digest('hex').slice(0, 12);
  const file = path.join(dir, `utterance-${key}.wav`);
  if (existsSync(file)) return file;
  const raw = `${file}.raw.wav`;
  execFileSync('text2wave', ['-eval', '(voice_cmu_us_slt_arctic_hts)', '-o', raw], { input: text });
  execFileSync('sox', [raw, '-r', String(MIC_SAMPLE_RATE), '-c', '1', '-b', '16', file]);
  return file;
}

/** Samples of a 16-bit mono PCM WAV (chunks walked, no fixed header size assumed). */
export function readWavSamples(file: string): Int16Array {
  const bytes = readFileSync(file);
  if (bytes.toString('ascii', 0, 4) !== 'RIFF') throw new Error(`${file} is not a WAV file`);
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('ascii', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    if (id === 'data') {
      const data = bytes.subarray(offset + 8, offset + 8 + size);
      return new Int16Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.length));
    }
    offset += 8 + size + (size % 2);
  }
  throw new Error(`${file} has no data chunk`);
}

export function rms(samples: Int16Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  return Math.sqrt(sum / samples.length);
}
