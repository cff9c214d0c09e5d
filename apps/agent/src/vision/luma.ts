import { VideoBufferType, type VideoFrame } from '@livekit/rtc-node';

/** An 8-bit grayscale image, one byte per pixel, rows packed without padding. */
export interface LumaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Buffer types whose first plane is 8-bit luma, packed at width bytes per row. */
const LUMA_FIRST_TYPES = new Set<VideoBufferType>([
  VideoBufferType.I420,
  VideoBufferType.I420A,
  VideoBufferType.I422,
  VideoBufferType.I444,
  VideoBufferType.NV12,
]);

/**
 * The brightness plane of a frame. Decoded WebRTC frames are I420, whose Y plane already is the
 * grayscale image: taking it costs no conversion at all, which keeps sampling cheap.
 */
export function lumaOf(frame: VideoFrame): LumaImage {
  const source = LUMA_FIRST_TYPES.has(frame.type) ? frame : frame.convert(VideoBufferType.I420);
  const size = source.width * source.height;
  return { width: source.width, height: source.height, data: source.data.subarray(0, size) };
}

/** Binary PGM (P5): leptonica inside tesseract reads it directly, so no image encoder runs. */
export function toPgm(image: LumaImage): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${image.width} ${image.height}\n255\n`);
  const out = new Uint8Array(header.length + image.data.length);
  out.set(header, 0);
  out.set(image.data, header.length);
  return out;
}

/** A coarse grid of block-average brightness: the fingerprint that change detection compares. */
export interface LumaSignature {
  columns: number;
  rows: number;
  cells: Uint8Array;
}

export const SIGNATURE_COLUMNS = 64;
export const SIGNATURE_ROWS = 36;

/**
 * Averages the image over a columns × rows grid. Reads every second pixel of every second row:
 * block averages stay stable under codec noise and a 720p frame costs about a millisecond.
 */
export function signatureOf(image: LumaImage, columns = SIGNATURE_COLUMNS, rows = SIGNATURE_ROWS): LumaSignature {
  const sums = new Float64Array(columns * rows);
  const counts = new Uint32Array(columns * rows);
  const { width, height, data } = image;
  for (let y = 0; y < height; y += 2) {
    const row = Math.min(rows - 1, Math.floor((y * rows) / height));
    const rowOffset = y * width;
    for (let x = 0; x < width; x += 2) {
      const cell = row * columns + Math.min(columns - 1, Math.floor((x * columns) / width));
      sums[cell] = (sums[cell] ?? 0) + (data[rowOffset + x] ?? 0);
      counts[cell] = (counts[cell] ?? 0) + 1;
    }
  }
  const cells = new Uint8Array(columns * rows);
  for (let index = 0; index < cells.length; index += 1) {
    const count = counts[index] ?? 0;
    cells[index] = count === 0 ? 0 : Math.round((sums[index] ?? 0) / count);
  }
  return { columns, rows, cells };
}

/** A cell counts as changed when its average moved by more than this (0–255). */
export const CELL_CHANGE_THRESHOLD = 10;

/** Fraction of grid cells whose brightness changed noticeably; 1 when the shapes differ. */
export function changedFraction(a: LumaSignature, b: LumaSignature): number {
  if (a.columns !== b.columns || a.rows !== b.rows) return 1;
  let changed = 0;
  for (let index = 0; index < a.cells.length; index += 1) {
    if (Math.abs((a.cells[index] ?? 0) - (b.cells[index] ?? 0)) > CELL_CHANGE_THRESHOLD) changed += 1;
  }
  return changed / a.cells.length;
}

/** Two cells of 2304 (a short word at screen-text size) are enough to call the image changed. */
export const MIN_CHANGED_FRACTION = 2 / (SIGNATURE_COLUMNS * SIGNATURE_ROWS);

export function hasChanged(previous: LumaSignature | null, next: LumaSignature): boolean {
  return previous === null || changedFraction(previous, next) >= MIN_CHANGED_FRACTION;
}
