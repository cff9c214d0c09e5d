import { describe, expect, it } from 'vitest';
import { parseWav, WavParseError, writeWav } from './wav.js';

function fmtChunk(channels: number, sampleRate: number, bits = 16, format = 1): Buffer {
  const fmt = Buffer.alloc(16);
  fmt.writeUInt16LE(format, 0);
  fmt.writeUInt16LE(channels, 2);
  fmt.writeUInt32LE(sampleRate, 4);
  fmt.writeUInt16LE(bits, 14);
  return fmt;
}

function int16(values: number[]): Buffer {
  const buf = Buffer.alloc(values.length * 2);
  values.forEach((value, index) => buf.writeInt16LE(value, index * 2));
  return buf;
}

/** A RIFF/WAVE file of the given chunks; `dataSize` overrides the data chunk's declared size. */
function wav(chunks: [string, Buffer][], dataSize?: number): Buffer {
  const parts = chunks.map(([id, body]) => {
    const head = Buffer.alloc(8);
    head.write(id, 0, 'ascii');
    head.writeUInt32LE(id === 'data' && dataSize !== undefined ? dataSize : body.length, 4);
    return Buffer.concat([head, body, Buffer.alloc(body.length % 2)]);
  });
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'ascii');
  head.writeUInt32LE(body.length + 4, 4);
  head.write('WAVE', 8, 'ascii');
  return Buffer.concat([head, body]);
}

describe('parseWav', () => {
  it('walks the chunks to the sample rate and the samples, whatever comes before them', () => {
    const read = parseWav(wav([['fmt ', fmtChunk(1, 48_000)], ['LIST', Buffer.from('odd')], ['data', int16([1, -2, 300])]]));
    expect(read.sampleRate).toBe(48_000);
    expect([...read.samples]).toEqual([1, -2, 300]);
  });

  it('reads a streaming writer’s "unknown length" data size up to the end of the buffer', () => {
    const read = parseWav(wav([['fmt ', fmtChunk(1, 22_050)], ['data', int16([5, 6, 7, 8])]], 0xffffffff));
    expect([...read.samples]).toEqual([5, 6, 7, 8]);
  });

  it('refuses stereo unless asked to downmix, and then averages the channels', () => {
    const stereo = wav([['fmt ', fmtChunk(2, 16_000)], ['data', int16([100, 300, -10, -30])]]);
    expect(() => parseWav(stereo)).toThrow(/mono/);
    expect([...parseWav(stereo, { downmix: true }).samples]).toEqual([200, -20]);
  });

  it('reads back what it writes', () => {
    const pcm = { samples: Int16Array.of(0, 32_767, -32_768, 12), sampleRate: 16_000 };
    const back = parseWav(writeWav(pcm));
    expect(back.sampleRate).toBe(16_000);
    expect([...back.samples]).toEqual([...pcm.samples]);
  });

  it('refuses what is not 16-bit PCM, and what is not a WAV file', () => {
    expect(() => parseWav(wav([['fmt ', fmtChunk(1, 16_000, 8)], ['data', int16([1])]]))).toThrow(WavParseError);
    expect(() => parseWav(wav([['fmt ', fmtChunk(1, 16_000, 16, 3)], ['data', int16([1])]]))).toThrow(/format=3/);
    expect(() => parseWav(Buffer.from('hello, not a wave file'))).toThrow('not a RIFF/WAVE buffer');
    expect(() => parseWav(wav([['fmt ', fmtChunk(1, 16_000)]]))).toThrow('no data chunk');
  });
});
