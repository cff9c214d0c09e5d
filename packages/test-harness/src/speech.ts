import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
// The subpath alone: the harness need not load the recognizer plumbing to read a file.
import { type PcmAudio, parseWav } from '@parley/audio/wav';

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

/** Reads a 16-bit mono PCM WAV written by sox; the error names the file. */
export function readWavPcm(file: string): PcmAudio {
  try {
    return parseWav(readFileSync(file));
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** Root-mean-square level of 16-bit samples, 0..32767. */
export function rms(samples: Int16Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  return Math.sqrt(sum / samples.length);
}

/**
 * A double cough at 48 kHz: for each, an explosive broadband onset with a brief voiced buzz, then
 * a breathy tail shaped by two mouth resonances, decaying over ≈ 0.25 s. Deterministic (seeded),
 * so every run plays the same sound. Not speech: it has no words for a recognizer to find.
 */
export function coughSamples(options: { coughs?: number; gapMs?: number; peak?: number } = {}): Int16Array {
  const coughs = options.coughs ?? 2;
  const gap = Math.round(((options.gapMs ?? 160) / 1000) * SPEECH_SAMPLE_RATE);
  const peak = options.peak ?? 9000;
  const length = Math.round(0.26 * SPEECH_SAMPLE_RATE);
  const out = new Int16Array(coughs * length + (coughs - 1) * gap);
  let seed = 0x2545f491;
  const noise = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 0x80000000 - 1;
  };
  // Two-pole resonators (mouth and throat), as a cough's spectrum shows them.
  const resonators = [
    { frequency: 600, bandwidth: 400, gain: 1 },
    { frequency: 1700, bandwidth: 700, gain: 0.6 },
  ].map(({ frequency, bandwidth, gain }) => {
    const r = Math.exp((-Math.PI * bandwidth) / SPEECH_SAMPLE_RATE);
    return { a1: 2 * r * Math.cos((2 * Math.PI * frequency) / SPEECH_SAMPLE_RATE), a2: -r * r, gain: gain * (1 - r), y1: 0, y2: 0 };
  });
  for (let cough = 0; cough < coughs; cough += 1) {
    const start = cough * (length + gap);
    const values = new Float64Array(length);
    let max = 0;
    for (let index = 0; index < length; index += 1) {
      const t = index / SPEECH_SAMPLE_RATE;
      const envelope = Math.min(1, t / 0.008) * Math.exp(-t / 0.09);
      const buzz = t < 0.08 ? 0.5 * Math.sign(Math.sin(2 * Math.PI * 160 * t)) : 0;
      const source = noise() + buzz;
      let value = 0;
      for (const resonator of resonators) {
        const y = resonator.gain * source + resonator.a1 * resonator.y1 + resonator.a2 * resonator.y2;
        resonator.y2 = resonator.y1;
        resonator.y1 = y;
        value += y;
      }
      values[index] = value * envelope;
      max = Math.max(max, Math.abs(values[index] ?? 0));
    }
    for (let index = 0; index < length; index += 1) out[start + index] = Math.round(((values[index] ?? 0) / (max || 1)) * peak);
  }
  return out;
}

/** The samples from the first to the last 20 ms frame louder than `threshold` (RMS): speech without its padding. */
export function trimToSpeech(samples: Int16Array, threshold = 200): Int16Array {
  const frame = SPEECH_SAMPLE_RATE / 50;
  let first = -1;
  let last = -1;
  for (let offset = 0; offset < samples.length; offset += frame) {
    if (rms(samples.subarray(offset, offset + frame)) <= threshold) continue;
    if (first < 0) first = offset;
    last = Math.min(samples.length, offset + frame);
  }
  return first < 0 ? new Int16Array(0) : samples.slice(first, last);
}
