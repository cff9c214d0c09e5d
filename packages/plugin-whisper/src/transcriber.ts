import { type EngineLogger, Supervisor } from '@parley/audio';
import { SpeechWorker, SpeechWorkerError } from '@parley/speech-sidecar';

export interface TranscriberOptions {
  python: string;
  modelDir: string;
  threads: number;
  language: string;
  logger: EngineLogger;
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

/**
 * Where Whisper runs: a worker process of this process (WhisperTranscriber), or one shared by all
 * conversations of an agent worker (the agent app's inference-process backend).
 */
export interface WhisperBackend {
  /** Loads the model if this backend owns it; resolves when transcription is ready. */
  start(): Promise<void>;
  transcribe(pcm: Int16Array, options: TranscribeOptions): Promise<Transcript>;
  close(): Promise<void>;
}

export interface TranscribeOptions {
  windowS: number;
  /** Finals go before interims; an interim that waited too long is dropped. Default 'final'. */
  priority?: 'final' | 'interim';
  signal?: AbortSignal;
}

interface QueuedRequest {
  pcm: Int16Array;
  options: TranscribeOptions;
  queuedAt: number;
  resolve: (transcript: Transcript) => void;
  reject: (error: Error) => void;
}

/** An interim older than this is of no use to a live transcript. */
const STALE_INTERIM_MS = 1500;

/** The model's own window (the most a final may use); interim passes take the shortest one. */
export const FINAL_WINDOW_S = 30;
export const INTERIM_WINDOW_S = 10;
export const MIN_WINDOW_S = 10;

const BASE_TIMEOUT_MS = 10_000;

/**
 * Owns the Whisper worker of one job process: starts it once, restarts it when it dies (under the
 * local engines' one restart policy, see Supervisor), and turns 16 kHz PCM into text.
 */
export class WhisperTranscriber implements WhisperBackend {
  readonly #options: TranscriberOptions;
  readonly #worker: Supervisor<SpeechWorker>;
  #closed = false;
  /** One request at a time goes to the worker, so finals can overtake interims that wait. */
  #queue: QueuedRequest[] = [];
  #busy = false;

  constructor(options: TranscriberOptions) {
    this.#options = options;
    const { python, modelDir, threads, logger } = options;
    this.#worker = new Supervisor({
      name: 'the whisper worker',
      logger,
      start: () => SpeechWorker.start({ python, engine: 'whisper', model: modelDir, threads, readyTimeoutMs: options.readyTimeoutMs ?? 60_000, logger }),
    });
  }

  /** Starts the worker (model load and one warm-up pass) and resolves when it is ready. */
  async start(): Promise<void> {
    await this.#ensureWorker();
  }

  transcribe(pcm: Int16Array, options: TranscribeOptions): Promise<Transcript> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ pcm, options, queuedAt: Date.now(), resolve, reject });
      void this.#pump();
    });
  }

  async #pump(): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    try {
      for (;;) {
        const now = Date.now();
        for (const stale of this.#queue.filter((request) => request.options.priority === 'interim' && now - request.queuedAt > STALE_INTERIM_MS)) {
          stale.reject(new SpeechWorkerError('interim transcription dropped: it waited too long'));
        }
        this.#queue = this.#queue.filter((request) => !(request.options.priority === 'interim' && now - request.queuedAt > STALE_INTERIM_MS));
        const index = Math.max(0, this.#queue.findIndex((request) => request.options.priority !== 'interim'));
        const next = this.#queue.splice(index, 1)[0];
        if (next === undefined) return;
        if (next.options.signal?.aborted) {
          next.reject(new SpeechWorkerError('transcription aborted'));
          continue;
        }
        await this.#run(next.pcm, next.options).then(next.resolve, next.reject);
      }
    } finally {
      this.#busy = false;
    }
  }

  async #run(pcm: Int16Array, options: TranscribeOptions): Promise<Transcript> {
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
    await this.#worker.close();
  }

  async #ensureWorker(): Promise<SpeechWorker> {
    if (this.#closed) throw new SpeechWorkerError('the transcriber is closed');
    return this.#worker.acquire();
  }
}
