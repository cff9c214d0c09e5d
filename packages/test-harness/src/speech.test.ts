import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { coughSamples, readWavPcm, rms, SPEECH_SAMPLE_RATE, trimToSpeech } from './speech.js';

const dir = mkdtempSync(path.join(tmpdir(), 'parley-speech-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A RIFF/WAVE file from chunks, each padded to an even length as the format wants. */
function wav(chunks: [string, Buffer][]): Buffer {
  const body = Buffer.concat(chunks.map(([id, data]) => {
    const header = Buffer.alloc(8);
    header.write(id, 0, 'ascii');
    header.writeUInt32LE(data.length, 4);
    return Buffer.concat([header, data, Buffer.alloc(data.length % 2)]);
  }));
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'ascii');
  head.writeUInt32LE(body.length + 4, 4);
  head.write('WAVE', 8, 'ascii');
  return Buffer.concat([head, body]);
}

describe('readWavPcm', () => {
  it('walks the chunks to the sample rate and the samples, whatever comes before them', () => {
    const fmt = Buffer.alloc(16);
    fmt.writeUInt16LE(1, 0);
    fmt.writeUInt16LE(1, 2);
    fmt.writeUInt32LE(48_000, 4);
    const samples = Buffer.alloc(6);
    [1, -2, 300].forEach((value, index) => samples.writeInt16LE(value, index * 2));
    const file = path.join(dir, 'odd.wav');
    writeFileSync(file, wav([['fmt ', fmt], ['LIST', Buffer.from('odd')], ['data', samples]]));
    const read = readWavPcm(file);
    expect(read.sampleRate).toBe(48_000);
    expect([...read.samples]).toEqual([1, -2, 300]);
  });

  it('refuses what is not a WAV file', () => {
    const file = path.join(dir, 'text.wav');
    writeFileSync(file, 'hello');
    expect(() => readWavPcm(file)).toThrow('is not a WAV file');
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
