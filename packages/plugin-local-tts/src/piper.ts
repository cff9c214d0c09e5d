import { SpeechWorker, type WorkerLogger } from '@parley/speech-sidecar';
import { EngineError, SynthesisAbortedError, type SpeechEngine, type SynthesizeOptions } from './engine.js';
import { foldToAscii } from './text.js';
import type { PcmAudio } from './wav.js';

export interface PiperOptions {
  /** Python interpreter whose environment has piper-tts and onnxruntime. */
  python: string;
  /** The voice's .onnx file (its .onnx.json config beside it). */
  voice: string;
  /** CPU threads of the synthesizer. Default 1. */
  threads?: number;
}

const RETRY_AFTER_FAILURE_MS = 30_000;

/** Rate of the medium-quality Piper voices; the real rate comes with the audio. */
export const PIPER_MEDIUM_RATE = 22050;

/**
 * Piper neural voices (VITS, ONNX Runtime) in a long-lived worker process; espeak-ng phonemes
 * come with piper-tts. One sentence per request, as the local TTS chain asks.
 */
export class PiperEngine implements SpeechEngine {
  readonly name = 'piper' as const;
  readonly nativeSampleRate = PIPER_MEDIUM_RATE;
  readonly #options: PiperOptions;
  readonly #timeoutMs: number;
  readonly #logger: WorkerLogger;
  #worker: Promise<SpeechWorker> | null = null;
  /** After a failed start, sentences go straight to the next engine until then. */
  #retryAfter = 0;

  constructor(options: PiperOptions, timeoutMs: number, logger: WorkerLogger) {
    this.#options = options;
    this.#timeoutMs = timeoutMs;
    this.#logger = logger;
  }

  prepareText(text: string): string {
    return foldToAscii(text).trim();
  }

  async synthesize(text: string, opts: SynthesizeOptions): Promise<PcmAudio> {
    if (opts.signal.aborted) throw new SynthesisAbortedError();
    const worker = await this.#ensureWorker();
    const parts: Buffer[] = [];
    let sampleRate = worker.ready.sampleRate;
    try {
      for await (const reply of worker.request({ op: 'synthesize', text }, undefined, { timeoutMs: this.#timeoutMs, signal: opts.signal })) {
        if (reply.payload.length > 0) parts.push(reply.payload);
        if (typeof reply.header.sampleRate === 'number') sampleRate = reply.header.sampleRate;
      }
    } catch (error) {
      throw new EngineError('piper', error instanceof Error ? error.message : String(error), { cause: error });
    }
    if (opts.signal.aborted) throw new SynthesisAbortedError();
    const bytes = Buffer.concat(parts);
    const samples = new Int16Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.byteLength / 2));
    return { samples: Int16Array.from(samples), sampleRate: typeof sampleRate === 'number' ? sampleRate : PIPER_MEDIUM_RATE };
  }

  async warmup(): Promise<void> {
    await this.#ensureWorker();
  }

  async close(): Promise<void> {
    const worker = await this.#worker?.catch(() => null);
    this.#worker = null;
    await worker?.close();
  }

  async #ensureWorker(): Promise<SpeechWorker> {
    const current = await this.#worker?.catch(() => null);
    if (current?.alive) return current;
    if (Date.now() < this.#retryAfter) throw new EngineError('piper', 'the voice worker failed recently; using the next engine');
    const { python, voice, threads } = this.#options;
    this.#worker = SpeechWorker.start({ python, engine: 'piper', model: voice, threads: threads ?? 1, readyTimeoutMs: 60_000, logger: this.#logger });
    try {
      return await this.#worker;
    } catch (error) {
      this.#retryAfter = Date.now() + RETRY_AFTER_FAILURE_MS;
      throw new EngineError('piper', error instanceof Error ? error.message : String(error), { cause: error });
    }
  }
}
