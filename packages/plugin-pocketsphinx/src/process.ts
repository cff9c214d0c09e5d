import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { type EngineLogger, type SupervisedChild, Supervisor } from '@parley/audio';
import type { ModelPaths } from './paths.js';

export interface PsWord {
  word: string;
  /** Milliseconds from the start of the audio sent for the utterance. */
  startMs: number;
  endMs: number;
}

export interface PsPartial {
  text: string;
  /** Amount of utterance audio decoded when this hypothesis was produced. */
  audioMs: number;
}

export interface PsFinalResult {
  text: string;
  /** Posterior probability of the best path (0..1); 0 when empty or disabled. */
  confidence: number;
  /** Duration of the utterance audio. */
  audioMs: number;
  /** Finalization time measured inside the recognizer (end-of-utterance search + lattice). */
  decodeMs: number;
  /** Time spent in incremental decoding while audio arrived. */
  processMs: number;
  words: PsWord[];
  /** Wall-clock ms between sending end-of-utterance and receiving the result (includes IPC and any backlog). */
  finalizeWallMs: number;
}

export interface PsProcessOptions {
  binary: string;
  model: ModelPaths;
  /** Audio between partial hypotheses inside the recognizer, ms (0 disables partials). */
  partialIntervalMs: number;
  /** Compute a posterior confidence at end of utterance. */
  confidence: boolean;
  /** Extra raw pocketsphinx arguments, e.g. ['-fwdflat', 'no']. */
  decoderArgs: string[];
  /** Base time allowed for a final result after end-of-utterance (audio duration is added). */
  finalTimeoutMs: number;
  /** Time allowed for model loading. */
  readyTimeoutMs: number;
  logger: EngineLogger;
}

const SAMPLE_RATE = 16000;
/** Replay buffer bound (per utterance) used to survive a recognizer crash. */
const MAX_REPLAY_SAMPLES = SAMPLE_RATE * 120;

const enum Frame {
  Start = 0x53, // 'S'
  Audio = 0x41, // 'A'
  End = 0x45, // 'E'
  Cancel = 0x43, // 'C'
  Quit = 0x51, // 'Q'
}

function frameHeader(type: Frame, len: number): Buffer {
  const b = Buffer.allocUnsafe(5);
  b.writeUInt8(type, 0);
  b.writeUInt32LE(len, 1);
  return b;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}
function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
function parseWords(v: unknown): PsWord[] {
  if (!Array.isArray(v)) return [];
  const out: PsWord[] = [];
  for (const w of v) {
    if (isRecord(w) && typeof w.word === 'string') {
      out.push({ word: w.word, startMs: num(w.start_ms), endMs: num(w.end_ms) });
    }
  }
  return out;
}

interface ActiveUtterance {
  id: number;
  chunks: Int16Array[];
  samples: number;
  replayable: boolean;
  replayed: boolean;
  ending: boolean;
  endSentAt: number;
  /** The recognizer this utterance was sent into; audio waits in `chunks` until there is one. */
  child: PsChild | undefined;
  onPartial: (p: PsPartial) => void;
  resolve: (r: PsFinalResult) => void;
  reject: (e: Error) => void;
  finalPromise: Promise<PsFinalResult>;
  timer?: NodeJS.Timeout;
}

/** What a recognizer said, for the PsProcess that owns it. */
interface PsChildEvents {
  onPartial(id: number, text: string, audioMs: number): void;
  onFinal(msg: Record<string, unknown>): void;
  /** The recognizer died after it was ready (a crash, or killed for a timeout). */
  onCrash(child: PsChild): void;
}

/** How a recognizer exited, as the supervisor logs it. */
interface PsExit {
  childPid: number | undefined;
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** One `parley-ps-stream` process: spawned, ready once its model is loaded, then fed frames. */
class PsChild implements SupervisedChild {
  readonly #process: ChildProcessWithoutNullStreams;
  readonly exited: Promise<PsExit>;
  #alive = true;
  #stderrTail = '';
  loadMs = 0;

  private constructor(proc: ChildProcessWithoutNullStreams, exited: Promise<PsExit>) {
    this.#process = proc;
    this.exited = exited;
  }

  get alive(): boolean {
    return this.#alive;
  }

  get pid(): number | undefined {
    return this.#process.pid;
  }

  /** Spawns a recognizer and resolves once its model is loaded. */
  static start(opts: PsProcessOptions, args: string[], events: PsChildEvents): Promise<PsChild> {
    const proc = spawn(opts.binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let resolveExited!: (exit: PsExit) => void;
    const child = new PsChild(proc, new Promise((resolve) => (resolveExited = resolve)));
    const { logger } = opts;
    return new Promise<PsChild>((resolve, reject) => {
      let settled = false;
      const settle = (error: Error | null): void => {
        if (settled) return;
        settled = true;
        clearTimeout(readyTimer);
        if (error) reject(error);
        else resolve(child);
      };
      const readyTimer = setTimeout(() => {
        if (settled) return;
        logger.error({ childPid: proc.pid }, 'pocketsphinx recognizer did not become ready in time; killing it');
        proc.kill('SIGKILL');
      }, opts.readyTimeoutMs);
      proc.stdin.on('error', () => {
        // EPIPE etc.: handled by the exit handler.
      });
      proc.stderr.setEncoding('utf8');
      proc.stderr.on('data', (d: string) => {
        child.#stderrTail = (child.#stderrTail + d).slice(-2000);
      });
      createInterface({ input: proc.stdout }).on('line', (line) => {
        if (!child.#alive) return;
        let msg: unknown;
        try {
          msg = JSON.parse(line);
        } catch {
          logger.warn({ line: line.slice(0, 200) }, 'unparseable line from pocketsphinx recognizer');
          return;
        }
        if (!isRecord(msg)) return;
        switch (msg.type) {
          case 'ready':
            child.loadMs = num(msg.load_ms);
            logger.debug({ childPid: proc.pid, loadMs: child.loadMs }, 'pocketsphinx recognizer ready');
            settle(null);
            break;
          case 'partial':
            events.onPartial(num(msg.id), str(msg.text), num(msg.audio_ms));
            break;
          case 'final':
            events.onFinal(msg);
            break;
          case 'error':
            logger.warn({ childPid: proc.pid, message: str(msg.message) }, 'pocketsphinx recognizer error');
            if (!settled) child.#stderrTail += `\n${str(msg.message)}`;
            break;
          default:
            break;
        }
      });
      const onGone = (code: number | null, signal: NodeJS.Signals | null, startError: string): void => {
        if (!child.#alive) return;
        child.#alive = false;
        resolveExited({ childPid: proc.pid, code, signal, stderr: child.#stderrTail.trim().slice(-500) });
        if (settled) events.onCrash(child);
        else settle(new Error(startError));
      };
      proc.on('error', (err) => {
        // spawn failure (ENOENT, EACCES): 'exit' may not follow.
        child.#stderrTail += `\n${err.message}`;
        onGone(null, null, `failed to start pocketsphinx recognizer ${opts.binary}: ${err.message}`);
      });
      proc.on('exit', (code, signal) => {
        onGone(code, signal, `pocketsphinx recognizer exited before becoming ready (code ${String(code)}, signal ${String(signal)}): ${child.#stderrTail.trim()}`);
      });
    });
  }

  write(buf: Buffer): void {
    const stdin = this.#process.stdin;
    if (!this.#alive || stdin.destroyed || !stdin.writable) return;
    stdin.write(buf);
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    this.#process.kill(signal);
  }

  /** Asks the recognizer to quit; kills it when it has not within a second. */
  async close(): Promise<void> {
    const proc = this.#process;
    const exited = new Promise<void>((res) => {
      if (proc.exitCode !== null || proc.signalCode !== null) res();
      else proc.once('exit', () => res());
    });
    try {
      proc.stdin.write(frameHeader(Frame.Quit, 0));
      proc.stdin.end();
    } catch {
      // ignore: killing below
    }
    const killTimer = setTimeout(() => proc.kill('SIGKILL'), 1000);
    await exited;
    clearTimeout(killTimer);
  }
}

/**
 * One long-lived `parley-ps-stream` recognizer, restarted under the local engines' restart
 * policy (see Supervisor). Serves one utterance at a time; an utterance in flight when the
 * recognizer dies is replayed once into the restarted one.
 */
export class PsProcess {
  readonly #opts: PsProcessOptions;
  readonly #recognizer: Supervisor<PsChild>;
  #closed = false;
  #current?: ActiveUtterance;
  #nextId = 1;
  /** Number of unexpected exits observed (for tests/diagnostics). */
  crashCount = 0;
  /** Number of times a child process was spawned. */
  spawnCount = 0;
  /** Model load time reported by the last spawned process. */
  lastLoadMs = 0;

  constructor(opts: PsProcessOptions) {
    this.#opts = opts;
    const events: PsChildEvents = {
      onPartial: (id, text, audioMs) => this.#onPartial(id, text, audioMs),
      onFinal: (msg) => this.#onFinal(msg),
      onCrash: (child) => this.#onCrash(child),
    };
    this.#recognizer = new Supervisor({
      name: 'the pocketsphinx recognizer',
      logger: opts.logger,
      start: async () => {
        this.spawnCount += 1;
        const child = await PsChild.start(opts, this.#args(), events);
        this.lastLoadMs = child.loadMs;
        return child;
      },
    });
  }

  get pid(): number | undefined {
    return this.#recognizer.child?.pid;
  }

  get busy(): boolean {
    return this.#current !== undefined;
  }

  get isRunning(): boolean {
    return this.#recognizer.child !== undefined || this.#recognizer.starting;
  }

  /** Spawns the recognizer if needed and waits until the model is loaded. */
  async start(): Promise<void> {
    if (this.#closed) throw new Error('PocketSphinx process is closed');
    await this.#recognizer.acquire();
  }

  #args(): string[] {
    const o = this.#opts;
    const args = ['--partial-ms', String(Math.max(0, Math.round(o.partialIntervalMs)))];
    if (!o.confidence) args.push('--no-confidence');
    args.push('-hmm', o.model.hmm, '-dict', o.model.dict, '-lm', o.model.lm, '-logfn', '/dev/null');
    args.push(...o.decoderArgs);
    return args;
  }

  #onCrash(child: PsChild): void {
    if (this.#closed) return;
    this.crashCount += 1;
    const utt = this.#current;
    if (!utt || utt.child !== child) return;
    clearTimeout(utt.timer);
    utt.child = undefined;
    if (utt.replayable && !utt.replayed) {
      utt.replayed = true;
      this.#opts.logger.warn({ samples: utt.samples }, 'replaying in-flight utterance into restarted recognizer');
      this.#sendWhenReady(utt);
    } else {
      this.#failCurrent(new Error('pocketsphinx recognizer crashed while decoding the utterance'));
    }
  }

  /** Sends the utterance so far (start, audio, end if it has ended) once a recognizer is ready. */
  #sendWhenReady(utt: ActiveUtterance): void {
    this.#recognizer.acquire().then(
      (child) => {
        if (this.#current !== utt || utt.child) return;
        if (!utt.replayable) {
          this.#failCurrent(new Error('pocketsphinx recognizer crashed while decoding the utterance'));
          return;
        }
        utt.child = child;
        this.#sendStart(utt);
        for (const c of utt.chunks) this.#sendAudio(utt, c);
        if (utt.ending) this.#sendEnd(utt);
      },
      (e: unknown) => {
        if (this.#current === utt) this.#failCurrent(e instanceof Error ? e : new Error(String(e)));
      },
    );
  }

  #sendStart(utt: ActiveUtterance): void {
    const payload = Buffer.allocUnsafe(4);
    payload.writeUInt32LE(utt.id >>> 0, 0);
    utt.child?.write(Buffer.concat([frameHeader(Frame.Start, 4), payload]));
  }

  #sendAudio(utt: ActiveUtterance, pcm: Int16Array): void {
    if (pcm.length === 0) return;
    const bytes = Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength);
    // s16le on the wire; Node runs little-endian on all supported targets.
    utt.child?.write(Buffer.concat([frameHeader(Frame.Audio, bytes.length), bytes]));
  }

  #sendEnd(utt: ActiveUtterance): void {
    const child = utt.child;
    if (!child) return;
    utt.endSentAt = performance.now();
    child.write(frameHeader(Frame.End, 0));
    clearTimeout(utt.timer);
    const timeout = this.#opts.finalTimeoutMs + (utt.samples / SAMPLE_RATE) * 1000;
    utt.timer = setTimeout(() => {
      if (this.#current !== utt) return;
      this.#opts.logger.error({ timeoutMs: timeout }, 'pocketsphinx final result timed out; killing recognizer');
      child.kill('SIGKILL');
    }, timeout);
  }

  /** Begins an utterance; the process must be idle. Spawns the recognizer if needed. */
  begin(onPartial: (p: PsPartial) => void): void {
    if (this.#closed) throw new Error('PocketSphinx process is closed');
    if (this.#current) throw new Error('PocketSphinx process is busy');
    let resolve!: (r: PsFinalResult) => void;
    let reject!: (e: Error) => void;
    const finalPromise = new Promise<PsFinalResult>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    finalPromise.catch(() => undefined);
    const id = this.#nextId;
    this.#nextId = (this.#nextId % 0xfffffff0) + 1;
    const utt: ActiveUtterance = {
      id,
      chunks: [],
      samples: 0,
      replayable: true,
      replayed: false,
      ending: false,
      endSentAt: 0,
      child: this.#recognizer.child,
      onPartial,
      resolve,
      reject,
      finalPromise,
    };
    this.#current = utt;
    if (utt.child) this.#sendStart(utt);
    else this.#sendWhenReady(utt);
  }

  /** Streams 16 kHz mono PCM into the current utterance. */
  push(pcm: Int16Array): void {
    const utt = this.#current;
    if (!utt || utt.ending || pcm.length === 0) return;
    utt.samples += pcm.length;
    if (utt.replayable) {
      if (utt.samples > MAX_REPLAY_SAMPLES) {
        utt.replayable = false;
        utt.chunks = [];
      } else {
        utt.chunks.push(pcm);
      }
    }
    this.#sendAudio(utt, pcm);
  }

  /** Ends the current utterance and resolves with the final hypothesis. */
  finish(): Promise<PsFinalResult> {
    const utt = this.#current;
    if (!utt) return Promise.reject(new Error('no utterance in progress'));
    if (!utt.ending) {
      utt.ending = true;
      this.#sendEnd(utt);
    }
    return utt.finalPromise;
  }

  /** Drops the current utterance without waiting for a result. */
  cancel(): void {
    const utt = this.#current;
    if (!utt) return;
    clearTimeout(utt.timer);
    this.#current = undefined;
    utt.child?.write(frameHeader(Frame.Cancel, 0));
    utt.reject(new Error('utterance cancelled'));
  }

  #failCurrent(err: Error): void {
    const utt = this.#current;
    if (!utt) return;
    clearTimeout(utt.timer);
    this.#current = undefined;
    utt.reject(err);
  }

  #onPartial(id: number, text: string, audioMs: number): void {
    const utt = this.#current;
    if (!utt || utt.id !== id || utt.ending || !text) return;
    try {
      utt.onPartial({ text, audioMs });
    } catch (e) {
      this.#opts.logger.warn({ err: e instanceof Error ? e.message : String(e) }, 'partial callback failed');
    }
  }

  #onFinal(msg: Record<string, unknown>): void {
    const utt = this.#current;
    if (!utt || utt.id !== num(msg.id)) return;
    clearTimeout(utt.timer);
    this.#current = undefined;
    utt.resolve({
      text: str(msg.text).trim(),
      confidence: num(msg.confidence),
      audioMs: num(msg.audio_ms),
      decodeMs: num(msg.decode_ms),
      processMs: num(msg.process_ms),
      words: parseWords(msg.words),
      finalizeWallMs: performance.now() - utt.endSentAt,
    });
  }

  /** Kills the child (for tests: simulates a crash). */
  killForTest(signal: NodeJS.Signals = 'SIGKILL'): void {
    this.#recognizer.child?.kill(signal);
  }

  /** Stops the recognizer for good. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#failCurrent(new Error('PocketSphinx process closed'));
    await this.#recognizer.close();
  }
}
