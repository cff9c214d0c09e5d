import { VideoBufferType, VideoFrame } from '@livekit/rtc-node';
import { describe, expect, it } from 'vitest';
import { changedFraction, hasChanged, lumaOf, signatureOf, toPgm, type LumaImage } from './luma.js';

function blankImage(width: number, height: number, value: number): LumaImage {
  return { width, height, data: new Uint8Array(width * height).fill(value) };
}

function drawBox(image: LumaImage, left: number, top: number, size: number, value: number): LumaImage {
  const data = new Uint8Array(image.data);
  for (let y = top; y < top + size; y += 1) for (let x = left; x < left + size; x += 1) data[y * image.width + x] = value;
  return { ...image, data };
}

describe('luma', () => {
  it('takes the Y plane of an I420 frame without converting', () => {
    const width = 4;
    const height = 2;
    const data = new Uint8Array(width * height + 2 * 2 * 1);
    data.set([1, 2, 3, 4, 5, 6, 7, 8], 0);
    data.fill(128, 8);
    const luma = lumaOf(new VideoFrame(data, width, height, VideoBufferType.I420));
    expect([...luma.data]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('converts an RGBA frame to brightness', () => {
    const rgba = new Uint8Array(16 * 16 * 4).fill(255);
    const luma = lumaOf(new VideoFrame(rgba, 16, 16, VideoBufferType.RGBA));
    expect(luma.data.length).toBe(256);
    expect(Math.min(...luma.data)).toBeGreaterThan(200);
  });

  it('writes a binary PGM header before the pixels', () => {
    const pgm = toPgm(blankImage(3, 2, 7));
    const header = 'P5\n3 2\n255\n';
    expect(new TextDecoder().decode(pgm.subarray(0, header.length))).toBe(header);
    expect([...pgm.subarray(header.length)]).toEqual([7, 7, 7, 7, 7, 7]);
  });

  it('sees a word-sized change on a 720p screen and ignores codec-sized noise', () => {
    const base = blankImage(1280, 720, 240);
    const noisy = { ...base, data: base.data.map((value, index) => value - (index % 3)) };
    const withWord = drawBox(base, 600, 300, 48, 20);
    const signature = signatureOf(base);
    expect(hasChanged(signature, signatureOf(noisy))).toBe(false);
    expect(hasChanged(signature, signatureOf(withWord))).toBe(true);
    expect(changedFraction(signature, signature)).toBe(0);
    expect(hasChanged(null, signature)).toBe(true);
  });
});
