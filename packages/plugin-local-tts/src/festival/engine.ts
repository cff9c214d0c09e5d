import { type EngineLogger, type PcmAudio, parseWav, Supervisor, SupervisorError } from '@parley/audio';
import { EngineError, SynthesisAbortedError, type SpeechEngine, type SynthesizeOptions } from '../engine.js';
import { foldToAscii, schemeString } from '../text.js';
import { FestivalConnection } from './connection.js';
import { FifoLock } from './fifo-lock.js';
import { FestivalServer, freePort } from './server.js';
import { DEFAULT_FESTIVAL_VOICE, FESTIVAL_HTS_RATE } from './voices.js';

export interface FestivalOptions {
  /** festival executable (name on PATH or path). Default 'festival'. */
  binary?: string;
  /** Festival voice to preload (Debian package festvox-us-slt-hts). Default 'cmu_us_slt_arctic_hts'. */
  voice?: string;
  /** Loopback port for the private server; 0 or unset picks a free port. */
  port?: number;
  /** How long the server may take to start and load the voice. Default 20000 ms. */
  startupTimeoutMs?: number;
}

/**
 * Festival with a long-lived private server: the voice is loaded once, one connection is
 * reused for every sentence (requests are serialized, first come first served), the server is
 * restarted if it dies, and an aborted request drops its connection and kills the worker
 * still synthesizing it so the next utterance starts at once.
 */
export class FestivalEngine implements SpeechEngine {
  readonly name = 'festival' as const;
  readonly nativeSampleRate = FESTIVAL_HTS_RATE;
  readonly #binary: string;
  readonly #voice: string;
  readonly #port: number;
  readonly #startupTimeoutMs: number;
  readonly #requestTimeoutMs: number;
  readonly #logger: EngineLogger;
  readonly #servers: Supervisor<FestivalServer>;
  #conn: FestivalConnection | undefined;
  /** The server #conn is connected to. */
  #connServer: FestivalServer | undefined;
  #lock = new FifoLock();
  #closed = false;

  constructor(binary: string, opts: FestivalOptions, requestTimeoutMs: number, logger: EngineLogger) {
    const voice = opts.voice ?? DEFAULT_FESTIVAL_VOICE;
    if (!/^[A-Za-z0-9_]+$/.test(voice)) throw new Error(`invalid festival voice name: ${voice}`);
    this.#binary = binary;
    this.#voice = voice;
    this.#port = opts.port ?? 0;
    this.#startupTimeoutMs = opts.startupTimeoutMs ?? 20000;
    this.#requestTimeoutMs = requestTimeoutMs;
    this.#logger = logger;
    this.#servers = new Supervisor({ name: 'the festival server', logger, start: () => this.#startServer() });
  }

  /** Port of the running server, if any (for diagnostics and tests). */
  get port(): number | undefined {
    return this.#servers.child?.port;
  }

  /** PID of the running festival server process, if any (for diagnostics and tests). */
  get serverPid(): number | undefined {
    return this.#servers.child?.pid;
  }

  prepareText(text: string): string {
    return foldToAscii(text);
  }

  /** One start of the server; a random port that was taken meanwhile gets one more try. */
  async #startServer(): Promise<FestivalServer> {
    let lastError: unknown;
    for (let i = 0; i < 2; i++) {
      const port = this.#port || (await freePort());
      try {
        const t0 = performance.now();
        const server = await FestivalServer.start(
          this.#binary,
          this.#voice,
          port,
          this.#startupTimeoutMs,
          this.#logger,
          () => this.#onServerExit(server),
        );
        this.#logger.info({ port, ms: Math.round(performance.now() - t0) }, 'festival server started');
        return server;
      } catch (e) {
        lastError = e;
        if (this.#port) break; // a fixed port will not get better by retrying
      }
    }
    throw lastError instanceof Error ? lastError : new EngineError('festival', String(lastError));
  }

  /** The supervisor restarts the server; its connection goes with it. */
  #onServerExit(server: FestivalServer): void {
    if (this.#connServer !== server) return;
    this.#conn?.destroy();
    this.#conn = undefined;
    this.#connServer = undefined;
  }

  /** Returns the running server; starts it if needed. Fails fast when a fallback exists. */
  async #ensureServer(hasFallback: boolean): Promise<FestivalServer> {
    if (this.#closed) throw new EngineError('festival', 'engine closed');
    try {
      return await this.#servers.acquire({ wait: !hasFallback });
    } catch (e) {
      if (e instanceof SupervisorError) throw new EngineError('festival', e.message, { cause: e });
      throw e;
    }
  }

  async synthesize(text: string, opts: SynthesizeOptions): Promise<PcmAudio> {
    const { signal } = opts;
    if (signal.aborted) throw new SynthesisAbortedError();
    const server = await this.#ensureServer(opts.hasFallback);
    await this.#lock.acquire(signal);
    try {
      if (signal.aborted) throw new SynthesisAbortedError();
      if (!this.#conn || this.#conn.closed || this.#connServer !== server) {
        this.#conn?.destroy();
        this.#conn = new FestivalConnection(server.port, server.password);
        this.#connServer = server;
      }
      const conn = this.#conn;
      const command = `(utt.send.wave.client (utt.synth (Utterance Text ${schemeString(text)})))`;
      let onAbort: (() => void) | undefined;
      let timer: NodeJS.Timeout | undefined;
      const cancelled = new Promise<never>((_, reject) => {
        onAbort = () => reject(new SynthesisAbortedError());
        signal.addEventListener('abort', onAbort, { once: true });
        timer = setTimeout(
          () => reject(new EngineError('festival', `no reply within ${this.#requestTimeoutMs} ms`)),
          this.#requestTimeoutMs,
        );
      });
      try {
        const wave = await Promise.race([conn.request(command), cancelled]);
        return parseWav(wave, { downmix: true });
      } catch (e) {
        if (e instanceof SynthesisAbortedError || !(e instanceof EngineError && /server reported an error/.test(e.message))) {
          // The connection is mid-command (or broken): drop it and stop the worker still
          // synthesizing for it, so the server is clean for the next request.
          conn.destroy();
          if (this.#conn === conn) this.#conn = undefined;
          server.killWorkers();
        }
        if (e instanceof SynthesisAbortedError || e instanceof EngineError) throw e;
        throw new EngineError('festival', (e as Error).message, { cause: e });
      } finally {
        if (onAbort) signal.removeEventListener('abort', onAbort);
        clearTimeout(timer);
      }
    } finally {
      this.#lock.release();
    }
  }

  async warmup(): Promise<void> {
    await this.#ensureServer(false);
    await this.synthesize('Hi.', { signal: new AbortController().signal, hasFallback: false });
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#conn?.destroy();
    this.#conn = undefined;
    await this.#servers.close();
  }
}
