import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LumaImage } from './luma.js';
import { ScreenReader } from './screen-reader.js';

async function renderText(lines: string[], width = 1280, height = 720): Promise<LumaImage> {
  const text = lines.map((line, index) => `<text x="80" y="${160 + index * 90}" font-family="DejaVu Sans" font-size="48">${line}</text>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="white"/>${text}</svg>`;
  const data = await sharp(Buffer.from(svg)).greyscale().raw().toBuffer();
  return { width, height, data: new Uint8Array(data) };
}

describe('ScreenReader (real tesseract.js, offline English data)', () => {
  let reader: ScreenReader;
  beforeAll(async () => {
    reader = await ScreenReader.create();
  }, 60_000);
  afterAll(async () => {
    await reader?.close();
  });

  it('reads rendered screen text with line positions', async () => {
    const result = await reader.read(await renderText(['PURPLE ELEPHANT 4821', 'Quarterly report draft']));
    expect(result.text).toContain('PURPLE ELEPHANT 4821');
    expect(result.text).toContain('Quarterly report draft');
    expect(result.lines).toHaveLength(2);
    expect(result.lines[0]?.box.top).toBeLessThan(result.lines[1]?.box.top ?? 0);
    const warm = await reader.read(await renderText(['GREEN BICYCLE 7305']));
    expect(warm.text).toContain('GREEN BICYCLE 7305');
    console.log(`OCR of a 1280x720 frame: first ${result.durationMs} ms, warm ${warm.durationMs} ms`);
  }, 60_000);

  it('finds nothing on an empty screen', async () => {
    const result = await reader.read({ width: 640, height: 360, data: new Uint8Array(640 * 360).fill(250) });
    expect(result.lines).toEqual([]);
  }, 30_000);
});
