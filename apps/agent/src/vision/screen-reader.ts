import { createRequire } from 'node:module';
import path from 'node:path';
import tesseract from 'tesseract.js';
import type { Line, Worker } from 'tesseract.js';
import { toPgm, type LumaImage } from './luma.js';

const require = createRequire(import.meta.url);

/**
 * English LSTM data from the installed `@tesseract.js-data/eng` package. Giving tesseract.js a
 * local path (and caching nowhere) keeps it from ever reaching for its CDN: it works offline.
 * The core (WASM) and worker script are always loaded from node_modules under Node.
 */
export const ENGLISH_DATA_DIR = path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');

/** One recognised line and where it is, in pixels of the image that was read. */
export interface TextLine {
  text: string;
  confidence: number;
  box: { left: number; top: number; width: number; height: number };
}

export interface ScreenText {
  /** All recognised text, lines separated by newlines. */
  text: string;
  lines: TextLine[];
  imageWidth: number;
  imageHeight: number;
  /** Wall-clock time the recognition took. */
  durationMs: number;
}

/** Lines below this confidence (0–100) are mostly OCR noise from icons and photos. */
const MIN_LINE_CONFIDENCE = 40;

/** What the vision controller needs of a reader. */
export interface TextReader {
  read(image: LumaImage): Promise<ScreenText>;
  close(): Promise<void>;
}

/**
 * A warm tesseract.js worker. Recognition runs in a worker thread with its own WASM heap, so the
 * agent's event loop (audio, turn-taking) keeps running while a screen is read.
 */
export class ScreenReader implements TextReader {
  readonly #worker: Worker;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(worker: Worker) {
    this.#worker = worker;
  }

  static async create(): Promise<ScreenReader> {
    const worker = await tesseract.createWorker('eng', tesseract.OEM.LSTM_ONLY, {
      langPath: ENGLISH_DATA_DIR,
      gzip: true,
      cacheMethod: 'none',
      logger: () => undefined,
      errorHandler: () => undefined,
    });
    // Screens are laid out in blocks and columns: automatic page segmentation suits them. A fixed
    // DPI skips the per-image resolution guess (and its console message).
    await worker.setParameters({ tessedit_pageseg_mode: tesseract.PSM.AUTO, preserve_interword_spaces: '0', user_defined_dpi: '300' });
    return new ScreenReader(worker);
  }

  /** Reads one image; calls are serialised because one worker reads one image at a time. */
  read(image: LumaImage): Promise<ScreenText> {
    const next = this.#queue.then(() => this.#recognize(image));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #recognize(image: LumaImage): Promise<ScreenText> {
    const startedAt = performance.now();
    const pgm = toPgm(image);
    const result = await this.#worker.recognize(Buffer.from(pgm.buffer, pgm.byteOffset, pgm.byteLength), {}, { text: true, blocks: true });
    const lines: TextLine[] = [];
    for (const block of result.data.blocks ?? []) {
      for (const paragraph of block.paragraphs) {
        for (const line of paragraph.lines) {
          const textLine = toTextLine(line);
          if (textLine) lines.push(textLine);
        }
      }
    }
    return {
      text: lines.map((line) => line.text).join('\n'),
      lines,
      imageWidth: image.width,
      imageHeight: image.height,
      durationMs: Math.round(performance.now() - startedAt),
    };
  }

  async close(): Promise<void> {
    await this.#worker.terminate();
  }
}

function toTextLine(line: Line): TextLine | null {
  const text = line.text.replace(/\s+/g, ' ').trim();
  if (text.length === 0 || line.confidence < MIN_LINE_CONFIDENCE) return null;
  if (!/[\p{L}\p{N}]/u.test(text)) return null;
  const { x0, y0, x1, y1 } = line.bbox;
  return { text, confidence: Math.round(line.confidence), box: { left: x0, top: y0, width: x1 - x0, height: y1 - y0 } };
}

/**
 * Starts the OCR worker on the first read, so a conversation that never shares a screen or a
 * camera never pays for it (its WASM heap is about 100 MB per job process). The first read after
 * a share starts takes about half a second longer.
 */
export class LazyScreenReader implements TextReader {
  #reader: Promise<ScreenReader> | null = null;

  read(image: LumaImage): Promise<ScreenText> {
    this.#reader ??= ScreenReader.create();
    return this.#reader.then((reader) => reader.read(image));
  }

  async close(): Promise<void> {
    const reader = await this.#reader?.catch(() => null);
    await reader?.close();
  }
}
