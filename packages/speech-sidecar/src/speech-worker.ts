import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { EngineLogger } from '@parley/audio';
import { encodeMessage, MessageDecoder, type WorkerMessage } from './framing.js';

/** Where the Python side of the workers lives (python/parley_speech). */
export const WORKER_PYTHON_PATH = fileURLToPath(new URL('../python', import.meta.url));

export type SpeechEngineKind = 'whisper' | 'piper';

export interface SpeechWorkerOptions {
  /** Python interpreter of the environment that has the engines installed. */
  python: string;
  engine: SpeechEngineKind;
  /** Whisper: the CTranslate2 model folder; Piper: the voice's .onnx file. */
  model: string;
  threads: number;
  /** Longest the worker may take to load and warm its model. */
  readyTimeoutMs: number;
  logger: EngineLogger;
}

export class SpeechWorkerError extends Error {
  override readonly name = 'SpeechWorkerError';
}

interface PendingRequest {
  deliver(message: WorkerMessage): void;
  fail(error: Error): void;
}

/** What the worker said when it became ready (load time, Piper's sample rate). */
export type ReadyInfo = Record<string, unknown>;

const STDERR_LINES_KEPT = 20;

/**
 * One long-lived speech worker process (python -m parley_speech.worker). Requests are written
 * as they come and answered in order; each has an id, and every reply carries it. A reply with
 * a payload is a chunk of a longer answer; the first reply without one ends the request.
 */
export class SpeechWorker {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #logger: EngineLogger;
  readonly #pending = new Map<number, PendingRequest>();
  readonly #stderr: string[] = [];
  readonly exited: Promise<string>;
  #nextId = 1;
  #failure: Error | null = null;
  #ready: ReadyInfo | null = null;

  private constructor(options: SpeechWorkerOptions) {
    this.#logger = options.logger;
    this.#child = spawn(options.python, ['-m', 'parley_speech.worker', options.engine, options.model, '--threads', String(options.threads)], {
      cwd: WORKER_PYTHON_PATH,
      env: { ...process.env, PYTHONPATH: WORKER_PYTHON_PATH, PYTHONUNBUFFERED: '1', HF_HUB_OFFLINE: '1', OMP_NUM_THREADS: String(options.threads) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    createInterface({ input: this.#child.stderr }).on('line', (line) => {
      this.#stderr.push(line);
      if (this.#stderr.length > STDERR_LINES_KEPT) this.#stderr.shift();
    });
    this.exited = new Promise((resolve) => {
      this.#child.once('error', (error) => {
        this.#failAll(new SpeechWorkerError(`could not start ${options.python}: ${error.message}`));
        resolve('spawn-error');
      });
      this.#child.once('exit', (code, signal) => {
        this.#failAll(new SpeechWorkerError(`the ${options.engine} worker exited (${signal ?? code})${this.#stderrTail()}`));
        resolve(signal ?? String(code));
      });
    });
    this.#child.stdin.on('error', () => undefined);
    const decoder = new MessageDecoder();
    this.#child.stdout.on('data', (chunk: Buffer) => {
      let messages: WorkerMessage[];
      try {
        messages = decoder.push(chunk);
      } catch (error) {
        this.#failAll(error instanceof Error ? error : new Error(String(error)));
        this.#child.kill('SIGKILL');
        return;
      }
      for (const message of messages) this.#route(message);
    });
  }

  /** Starts a worker and waits until its model is loaded and warm. */
  static async start(options: SpeechWorkerOptions): Promise<SpeechWorker> {
    const worker = new SpeechWorker(options);
    const ready = await new Promise<ReadyInfo>((resolve, reject) => {
      const timer = setTimeout(() => reject(new SpeechWorkerError(`the ${options.engine} worker did not get ready within ${options.readyTimeoutMs} ms${worker.#stderrTail()}`)), options.readyTimeoutMs);
      worker.#pending.set(0, {
        deliver: (message) => {
          clearTimeout(timer);
          if (message.header.ready === true) resolve(message.header);
          else reject(new SpeechWorkerError(`the ${options.engine} worker could not load ${options.model}: ${String(message.header.error ?? 'unknown error')}`));
        },
        fail: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    }).catch(async (error: unknown) => {
      await worker.close();
      throw error;
    });
    worker.#ready = ready;
    options.logger.info({ engine: options.engine, pid: worker.pid, loadMs: ready.loadMs }, 'speech worker ready');
    return worker;
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  get ready(): ReadyInfo {
    return this.#ready ?? {};
  }

  /** False once the process died or broke the protocol; make a new worker then. */
  get alive(): boolean {
    return this.#failure === null;
  }

  /**
   * Sends one request and yields its replies. Ends after the closing reply; throws on an error
   * reply, on `timeoutMs` without an answer, or when the worker dies. Stopping early (abort or
   * break) leaves the remaining replies of this request to be dropped.
   */
  async *request(header: Record<string, unknown>, payload: Uint8Array | undefined, options: { timeoutMs: number; signal?: AbortSignal }): AsyncGenerator<WorkerMessage> {
    if (this.#failure) throw this.#failure;
    const id = this.#nextId++;
    // Filled by the reply router and the timer, drained by this generator.
    const state: { queue: WorkerMessage[]; failure: Error | null; ended: boolean; wake: (() => void) | null } = { queue: [], failure: null, ended: false, wake: null };
    const notify = (): void => {
      const wake = state.wake;
      state.wake = null;
      wake?.();
    };
    this.#pending.set(id, {
      deliver: (message) => {
        state.queue.push(message);
        if (message.payload.length === 0) state.ended = true;
        notify();
      },
      fail: (error) => {
        state.failure = error;
        notify();
      },
    });
    options.signal?.addEventListener('abort', notify, { once: true });
    let timer: NodeJS.Timeout | undefined;
    const armTimer = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        state.failure = new SpeechWorkerError(`no answer from the speech worker within ${options.timeoutMs} ms`);
        // A worker that stops answering is stuck in native code: only a new one helps.
        this.#child.kill('SIGKILL');
        notify();
      }, options.timeoutMs);
    };
    try {
      this.#child.stdin.write(encodeMessage({ ...header, id }, payload));
      armTimer();
      for (;;) {
        const message = state.queue.shift();
        if (message !== undefined) {
          if (typeof message.header.error === 'string') throw new SpeechWorkerError(message.header.error);
          armTimer();
          yield message;
          continue;
        }
        if (state.ended || options.signal?.aborted) return;
        if (state.failure) throw state.failure;
        await new Promise<void>((resolve) => (state.wake = resolve));
      }
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', notify);
      // Late replies of an abandoned request are dropped by #route.
      this.#pending.delete(id);
    }
  }

  async close(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    this.#child.stdin.end();
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 2000);
    await this.exited;
    clearTimeout(timer);
  }

  #route(message: WorkerMessage): void {
    const id = message.header.ready !== undefined ? 0 : message.header.id;
    if (typeof id !== 'number') {
      this.#logger.warn({ error: message.header.error }, 'speech worker message without a request id');
      return;
    }
    this.#pending.get(id)?.deliver(message);
  }

  #failAll(error: Error): void {
    this.#failure ??= error;
    for (const pending of this.#pending.values()) pending.fail(error);
    this.#pending.clear();
  }

  #stderrTail(): string {
    const tail = this.#stderr.slice(-5).join(' | ');
    return tail ? `: ${tail}` : '';
  }
}
