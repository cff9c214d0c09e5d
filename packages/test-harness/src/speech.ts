import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** What a headless user's microphone and Chromium's fake microphone play: 48 kHz mono 16-bit. */
export const SPEECH_SAMPLE_RATE = 48_000;

export interface SpeechOptions {
  leadingSilenceMs?: number;
  trailingSilenceMs?: number;
}

/**
 * Speaks `text` with Festival's HTS voice into a 48 kHz mono 16-bit WAV under `dir`, padded with
 * silence when asked. Cached by text and padding, so a run synthesises each utterance once.
 */
export function speechWav(dir: string, text: string, options: SpeechOptions = {}): string {
  const leading = options.leadingSilenceMs ?? 0;
  const trailing = options.trailingSilenceMs ?? 0;
  mkdirSync(dir, { recursive: true });
  const key = createHash('sha1').update(`${text}|${leading}|${trailing}`).digest('hex').slice(0, 12);
  const file = path.join(dir, `speech-${key}.wav`);
  if (existsSync(file)) return file;
  const raw = path.join(dir, `speech-${key}.raw.wav`);
  execFileSync('text2wave', ['-eval', '(voice_cmu_us_slt_arctic_hts)', '-o', raw], { input: text });
  // Unpadded speech gets no `pad` effect at all: the bench's utterances stay the command they were.
  const pad = leading === 0 && trailing === 0 ? [] : ['pad', `${leading / 1000}`, `${trailing / 1000}`];
  execFileSync('sox', [raw, '-r', String(SPEECH_SAMPLE_RATE), '-c', '1', '-b', '16', file, ...pad]);
  return file;
}

/** Reads a 16-bit PCM WAV written by sox (chunks walked: the canonical 44-byte header is not assumed). */
export function readWavPcm(file: string): { sampleRate: number; samples: Int16Array } {
  const bytes = readFileSync(file);
  if (bytes.toString('ascii', 0, 4) !== 'RIFF' || bytes.toString('ascii', 8, 12) !== 'WAVE') throw new Error(`${file} is not a WAV file`);
  let offset = 12;
  let sampleRate = 0;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('ascii', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    if (id === 'fmt ') sampleRate = bytes.readUInt32LE(offset + 12);
    if (id === 'data') {
      const data = bytes.subarray(offset + 8, offset + 8 + size);
      const samples = new Int16Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.length));
      return { sampleRate, samples };
    }
    offset += 8 + size + (size % 2);
  }
  throw new Error(`${file} has no data chunk`);
}

/** Root-mean-square level of 16-bit samples, 0..32767. */
export function rms(samples: Int16Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  return Math.sqrt(sum / samples.length);
}
