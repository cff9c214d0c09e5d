import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeWav } from '@parley/audio/wav';
import { afterAll, describe, expect, it } from 'vitest';
import { coughSamples, readWavPcm, rms, SPEECH_SAMPLE_RATE, trimToSpeech } from './speech.js';

const dir = mkdtempSync(path.join(tmpdir(), 'parley-speech-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readWavPcm', () => {
  // The chunk walking itself is parseWav's, tested in @parley/audio.
  it('reads a file’s sample rate and samples', () => {
    const file = path.join(dir, 'speech.wav');
    writeFileSync(file, writeWav({ samples: Int16Array.of(1, -2, 300), sampleRate: 48_000 }));
    const read = readWavPcm(file);
    expect(read.sampleRate).toBe(48_000);
    expect([...read.samples]).toEqual([1, -2, 300]);
  });

  it('refuses what is not a WAV file', () => {
    const file = path.join(dir, 'text.wav');
    writeFileSync(file, 'hello');
    expect(() => readWavPcm(file)).toThrow(`${file}: not a RIFF/WAVE buffer`);
  });
});

describe('rms', () => {
  it('is 0 for no samples and the level of a constant signal', () => {
    expect(rms(new Int16Array(0))).toBe(0);
    expect(rms(Int16Array.of(-300, 300, -300, 300))).toBe(300);
  });
});

describe('coughSamples', () => {
  it('is two loud bursts of about a quarter second with quiet between, the same every time', () => {
    const cough = coughSamples();
    expect(cough).toEqual(coughSamples());
    const frame = SPEECH_SAMPLE_RATE / 50;
    const loud: boolean[] = [];
    for (let offset = 0; offset + frame <= cough.length; offset += frame) loud.push(rms(cough.subarray(offset, offset + frame)) > 200);
    const bursts = loud.map((value, index) => value && !loud[index - 1]).filter(Boolean).length;
    expect(bursts).toBe(2);
    expect(Math.max(...Array.from(cough, Math.abs))).toBeGreaterThan(8000);
    expect(cough.length / SPEECH_SAMPLE_RATE).toBeGreaterThan(0.6);
  });
});

describe('trimToSpeech', () => {
  it('drops the quiet padding around the loud part, to the 20 ms frame', () => {
    const frame = SPEECH_SAMPLE_RATE / 50;
    const samples = new Int16Array(10 * frame);
    samples.fill(3000, 3 * frame, 6 * frame);
    const trimmed = trimToSpeech(samples);
    expect(trimmed.length).toBe(3 * frame);
    expect(trimmed[0]).toBe(3000);
    expect(trimToSpeech(new Int16Array(frame))).toHaveLength(0);
  });
});
