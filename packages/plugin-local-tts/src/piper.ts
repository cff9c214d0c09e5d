import { type EngineLogger, type PcmAudio, Supervisor } from '@parley/audio';
import { SpeechWorker } from '@parley/speech-sidecar';
import { EngineError, SynthesisAbortedError, type SpeechEngine, type SynthesizeOptions } from './engine.js';
import { foldToAscii } from './text.js';

/** Where the Piper voice runs: a worker process of this process, or one shared by all conversations. */
export interface PiperBackend {
  start(): Promise<void>;
  /** One sentence-sized chunk to 16-bit mono PCM. */
  synthesize(text: string, signal: AbortSignal): Promise<PcmAudio>;
  close(): Promise<void>;
}

export interface PiperWorkerOptions {
  /** Python interpreter whose environment has piper-tts and onnxruntime. */
  python: string;
  /** The voice's .onnx file (its .onnx.json config beside it). */
  voice: string;
  /** CPU threads of the synthesizer. Default 1. */
  threads?: number;
}

/** Run Piper in a worker of this process, or through a backend shared with other conversations. */
export type PiperOptions = PiperWorkerOptions | { backend: PiperBackend };

/** Rate of the medium-quality Piper voices; the real rate comes with the audio. */
export const PIPER_MEDIUM_RATE = 22050;

/** The Piper voice in a worker process of this process (python -m parley_speech.worker piper). */
export class PiperWorker implements PiperBackend {
  readonly #timeoutMs: number;
  /** After a failed start, sentences go straight to the next engine for a while (Supervisor's policy). */
  readonly #worker: Supervisor<SpeechWorker>;

  constructor(options: PiperWorkerOptions, timeoutMs: number, logger: EngineLogger) {
    this.#timeoutMs = timeoutMs;
    const { python, voice, threads } = options;
    this.#worker = new Supervisor({
      name: 'the piper worker',
      logger,
      start: () => SpeechWorker.start({ python, engine: 'piper', model: voice, threads: threads ?? 1, readyTimeoutMs: 60_000, logger }),
    });
  }

  async start(): Promise<void> {
    await this.#worker.acquire();
  }

  async synthesize(text: string, signal: AbortSignal): Promise<PcmAudio> {
    const worker = await this.#worker.acquire();
    const parts: Buffer[] = [];
    let sampleRate = worker.ready.sampleRate;
    for await (const reply of worker.request({ op: 'synthesize', text }, undefined, { timeoutMs: this.#timeoutMs, signal })) {
      if (reply.payload.length > 0) parts.push(reply.payload);
      if (typeof reply.header.sampleRate === 'number') sampleRate = reply.header.sampleRate;
    }
    const bytes = Buffer.concat(parts);
    const samples = new Int16Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.byteLength / 2));
    return { samples: Int16Array.from(samples), sampleRate: typeof sampleRate === 'number' ? sampleRate : PIPER_MEDIUM_RATE };
  }

  close(): Promise<void> {
    return this.#worker.close();
  }

}

/**
 * Piper neural voices (VITS, ONNX Runtime); espeak-ng phonemes come with piper-tts. One
 * sentence per request, as the local TTS chain asks.
 */
export class PiperEngine implements SpeechEngine {
  readonly name = 'piper' as const;
  readonly nativeSampleRate = PIPER_MEDIUM_RATE;
  readonly #backend: PiperBackend;

  constructor(options: PiperOptions, timeoutMs: number, logger: EngineLogger) {
    this.#backend = 'backend' in options ? options.backend : new PiperWorker(options, timeoutMs, logger);
  }

  prepareText(text: string): string {
    return foldToAscii(text).trim();
  }

  async synthesize(text: string, opts: SynthesizeOptions): Promise<PcmAudio> {
    if (opts.signal.aborted) throw new SynthesisAbortedError();
    let audio: PcmAudio;
    try {
      audio = await this.#backend.synthesize(text, opts.signal);
    } catch (error) {
      if (opts.signal.aborted) throw new SynthesisAbortedError();
      throw new EngineError('piper', error instanceof Error ? error.message : String(error), { cause: error });
    }
    if (opts.signal.aborted) throw new SynthesisAbortedError();
    return audio;
  }

  async warmup(): Promise<void> {
    try {
      await this.#backend.start();
    } catch (error) {
      throw new EngineError('piper', error instanceof Error ? error.message : String(error), { cause: error });
    }
  }

  close(): Promise<void> {
    return this.#backend.close();
  }
}
