import { SpeechWorker, SpeechWorkerError, type WorkerLogger } from '@parley/speech-sidecar';

export interface TranscriberOptions {
  python: string;
  modelDir: string;
  threads: number;
  language: string;
  logger: WorkerLogger;
  /** Model load and warm-up allowance. */
  readyTimeoutMs?: number;
}

export interface Transcript {
  text: string;
  /** exp(average token log-probability) of the least sure window, 0..1. */
  confidence: number;
  decodeMs: number;
  audioMs: number;
  /** The encoder window the worker used, in seconds (30 = the model's full window). */
  windowS: number;
}

/** Full-accuracy window for finals; interim passes trade accuracy for about 3x speed. */
export const FINAL_WINDOW_S = 30;
export const INTERIM_WINDOW_S = 10;

const BASE_TIMEOUT_MS = 10_000;
const RESTARTS_PER_MINUTE = 3;

/**
 * Owns the Whisper worker of one job process: starts it once, restarts it when it dies (at most
 * a few times a minute, so a broken install fails fast instead of looping), and turns 16 kHz
 * PCM into text.
 */
export class WhisperTranscriber {
  readonly #options: TranscriberOptions;
  #worker: Promise<SpeechWorker> | null = null;
  #restarts: number[] = [];
  #closed = false;

  constructor(options: TranscriberOptions) {
    this.#options = options;
  }

  /** Starts the worker (model load and one warm-up pass) and resolves when it is ready. */
  async start(): Promise<void> {
    await this.#ensureWorker();
  }

  async transcribe(pcm: Int16Array, options: { windowS: number; signal?: AbortSignal }): Promise<Transcript> {
    const worker = await this.#ensureWorker();
    const audioMs = (pcm.length / 16) | 0;
    const payload = new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength);
    const header = { op: 'transcribe', sampleRate: 16000, language: this.#options.language, windowS: options.windowS };
    for await (const reply of worker.request(header, payload, { timeoutMs: BASE_TIMEOUT_MS + audioMs * 2, ...(options.signal ? { signal: options.signal } : {}) })) {
      const h = reply.header;
      return {
        text: typeof h.text === 'string' ? h.text : '',
        confidence: typeof h.confidence === 'number' ? h.confidence : 0,
        decodeMs: typeof h.decodeMs === 'number' ? h.decodeMs : 0,
        audioMs: typeof h.audioMs === 'number' ? h.audioMs : audioMs,
        windowS: typeof h.windowS === 'number' ? h.windowS : options.windowS,
      };
    }
    throw new SpeechWorkerError(options.signal?.aborted ? 'transcription aborted' : 'the whisper worker ended the request without a transcript');
  }

  async close(): Promise<void> {
    this.#closed = true;
    const worker = await this.#worker?.catch(() => null);
    await worker?.close();
  }

  async #ensureWorker(): Promise<SpeechWorker> {
    if (this.#closed) throw new SpeechWorkerError('the transcriber is closed');
    const current = await this.#worker?.catch(() => null);
    if (current?.alive) return current;
    const now = Date.now();
    this.#restarts = this.#restarts.filter((at) => now - at < 60_000);
    if (this.#worker !== null) {
      if (this.#restarts.length >= RESTARTS_PER_MINUTE) throw new SpeechWorkerError('the whisper worker keeps failing; see the agent log for its error');
      this.#restarts.push(now);
      this.#options.logger.warn({ restartsInLastMinute: this.#restarts.length }, 'restarting the whisper worker');
    }
    const { python, modelDir, threads, logger } = this.#options;
    this.#worker = SpeechWorker.start({ python, engine: 'whisper', model: modelDir, threads, readyTimeoutMs: this.#options.readyTimeoutMs ?? 60_000, logger });
    return this.#worker;
  }
}
