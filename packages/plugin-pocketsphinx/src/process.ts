import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { EngineLogger } from '@parley/audio';
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
  onPartial: (p: PsPartial) => void;
  resolve: (r: PsFinalResult) => void;
  reject: (e: Error) => void;
  finalPromise: Promise<PsFinalResult>;
  timer?: NodeJS.Timeout;
}

/**
 * One long-lived `parley-ps-stream` child process. Serves one utterance at a time; restarts
 * itself when it dies, replaying the in-flight utterance once.
 */
export class PsProcess {
  readonly #opts: PsProcessOptions;
  #child?: ChildProcessWithoutNullStreams;
  #ready?: Promise<void>;
  #closed = false;
  #current?: ActiveUtterance;
  #nextId = 1;
  #stderrTail = '';
  #consecutiveFailures = 0;
  #restartTimer?: NodeJS.Timeout;
  /** Number of unexpected exits observed (for tests/diagnostics). */
  crashCount = 0;
  /** Number of times a child process was spawned. */
  spawnCount = 0;
  /** Model load time reported by the last spawned process. */
  lastLoadMs = 0;

  constructor(opts: PsProcessOptions) {
    this.#opts = opts;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  get busy(): boolean {
    return this.#current !== undefined;
  }

  get isRunning(): boolean {
    return this.#child !== undefined;
  }

  /** Spawns the recognizer if needed and waits until the model is loaded. */
  start(): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('PocketSphinx process is closed'));
    if (this.#ready) return this.#ready;
    return this.#spawn();
  }

  #args(): string[] {
    const o = this.#opts;
    const args = ['--partial-ms', String(Math.max(0, Math.round(o.partialIntervalMs)))];
    if (!o.confidence) args.push('--no-confidence');
    args.push('-hmm', o.model.hmm, '-dict', o.model.dict, '-lm', o.model.lm, '-logfn', '/dev/null');
    args.push(...o.decoderArgs);
    return args;
  }

  #spawn(): Promise<void> {
    clearTimeout(this.#restartTimer);
    this.#restartTimer = undefined;
    const child = spawn(this.#opts.binary, this.#args(), { stdio: ['pipe', 'pipe', 'pipe'] });
    this.#child = child;
    this.spawnCount += 1;
    this.#stderrTail = '';
    let readyResolve!: () => void;
    let readyReject!: (e: Error) => void;
    let settled = false;
    const ready = new Promise<void>((res, rej) => {
      readyResolve = res;
      readyReject = rej;
    });
    // Avoid unhandled rejections when nobody awaits an eager restart.
    ready.catch(() => undefined);
    this.#ready = ready;
    const readyTimer = setTimeout(() => {
      if (!settled) {
        this.#opts.logger.error({ childPid: child.pid }, 'pocketsphinx recognizer did not become ready in time; killing it');
        child.kill('SIGKILL');
      }
    }, this.#opts.readyTimeoutMs);

    child.stdin.on('error', () => {
      // EPIPE etc.: handled by the exit handler.
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      this.#stderrTail = (this.#stderrTail + d).slice(-2000);
    });
    const rl = createInterface({ input: child.stdout });
    rl.on('line', (line) => {
      if (this.#child !== child) return;
      let msg: unknown;
      try {
        msg = JSON.parse(line);
      } catch {
        this.#opts.logger.warn({ line: line.slice(0, 200) }, 'unparseable line from pocketsphinx recognizer');
        return;
      }
      if (!isRecord(msg)) return;
      switch (msg.type) {
        case 'ready':
          settled = true;
          clearTimeout(readyTimer);
          this.lastLoadMs = num(msg.load_ms);
          this.#consecutiveFailures = 0;
          this.#opts.logger.debug({ childPid: child.pid, loadMs: this.lastLoadMs }, 'pocketsphinx recognizer ready');
          readyResolve();
          break;
        case 'partial':
          this.#onPartial(num(msg.id), str(msg.text), num(msg.audio_ms));
          break;
        case 'final':
          this.#onFinal(msg);
          break;
        case 'error':
          this.#opts.logger.warn({ childPid: child.pid, message: str(msg.message) }, 'pocketsphinx recognizer error');
          if (!settled) this.#stderrTail += `\n${str(msg.message)}`;
          break;
        default:
          break;
      }
    });
    child.on('error', (err) => {
      // spawn failure (ENOENT, EACCES): 'exit' may not follow.
      if (this.#child !== child) return;
      this.#stderrTail += `\n${err.message}`;
      this.#handleExit(child, null, null, () => {
        settled = true;
        clearTimeout(readyTimer);
        readyReject(new Error(`failed to start pocketsphinx recognizer ${this.#opts.binary}: ${err.message}`));
      });
    });
    child.on('exit', (code, signal) => {
      if (this.#child !== child) return;
      this.#handleExit(child, code, signal, () => {
        settled = true;
        clearTimeout(readyTimer);
        readyReject(
          new Error(
            `pocketsphinx recognizer exited before becoming ready (code ${String(code)}, signal ${String(signal)}): ${this.#stderrTail.trim()}`,
          ),
        );
      });
    });
    return ready;
  }

  #handleExit(
    child: ChildProcessWithoutNullStreams,
    code: number | null,
    signal: NodeJS.Signals | null,
    rejectReady: () => void,
  ): void {
    this.#child = undefined;
    this.#ready = undefined;
    rejectReady();
    if (this.#closed) return;
    this.crashCount += 1;
    this.#consecutiveFailures += 1;
    this.#opts.logger.error(
      { childPid: child.pid, code, signal, stderr: this.#stderrTail.trim().slice(-500) },
      'pocketsphinx recognizer exited unexpectedly; restarting',
    );
    const utt = this.#current;
    if (utt) {
      clearTimeout(utt.timer);
      if (utt.replayable && !utt.replayed) {
        utt.replayed = true;
        this.#opts.logger.warn({ samples: utt.samples }, 'replaying in-flight utterance into restarted recognizer');
        this.start().catch((e: unknown) => this.#failCurrent(e instanceof Error ? e : new Error(String(e))));
        this.#sendStart(utt);
        for (const c of utt.chunks) this.#sendAudio(c);
        if (utt.ending) this.#sendEnd(utt);
      } else {
        this.#failCurrent(new Error('pocketsphinx recognizer crashed while decoding the utterance'));
        this.#scheduleRestart();
      }
      return;
    }
    this.#scheduleRestart();
  }

  #scheduleRestart(): void {
    if (this.#closed || this.#restartTimer || this.#child) return;
    if (this.#consecutiveFailures > 5) {
      this.#opts.logger.error({}, 'pocketsphinx recognizer keeps failing; will retry on next use');
      return;
    }
    const delay = Math.min(5000, 100 * 2 ** (this.#consecutiveFailures - 1));
    this.#restartTimer = setTimeout(() => {
      this.#restartTimer = undefined;
      if (this.#closed || this.#child) return;
      this.#spawn().catch((e: unknown) => {
        this.#opts.logger.error({ err: e instanceof Error ? e.message : String(e) }, 'pocketsphinx restart failed');
        this.#scheduleRestart();
      });
    }, delay);
    this.#restartTimer.unref();
  }

  #write(buf: Buffer): void {
    const child = this.#child;
    if (!child || child.stdin.destroyed || !child.stdin.writable) return;
    child.stdin.write(buf);
  }

  #sendStart(utt: ActiveUtterance): void {
    const payload = Buffer.allocUnsafe(4);
    payload.writeUInt32LE(utt.id >>> 0, 0);
    this.#write(Buffer.concat([frameHeader(Frame.Start, 4), payload]));
  }

  #sendAudio(pcm: Int16Array): void {
    if (pcm.length === 0) return;
    const bytes = Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength);
    // s16le on the wire; Node runs little-endian on all supported targets.
    this.#write(Buffer.concat([frameHeader(Frame.Audio, bytes.length), bytes]));
  }

  #sendEnd(utt: ActiveUtterance): void {
    utt.endSentAt = performance.now();
    this.#write(frameHeader(Frame.End, 0));
    clearTimeout(utt.timer);
    const timeout = this.#opts.finalTimeoutMs + (utt.samples / SAMPLE_RATE) * 1000;
    utt.timer = setTimeout(() => {
      if (this.#current !== utt) return;
      this.#opts.logger.error({ timeoutMs: timeout }, 'pocketsphinx final result timed out; killing recognizer');
      this.#child?.kill('SIGKILL');
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
      onPartial,
      resolve,
      reject,
      finalPromise,
    };
    this.#current = utt;
    if (!this.#child) {
      this.start().catch((e: unknown) => this.#failCurrent(e instanceof Error ? e : new Error(String(e))));
    }
    this.#sendStart(utt);
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
    this.#sendAudio(pcm);
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
    this.#write(frameHeader(Frame.Cancel, 0));
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
    this.#child?.kill(signal);
  }

  /** Stops the recognizer for good. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#restartTimer);
    this.#failCurrent(new Error('PocketSphinx process closed'));
    const child = this.#child;
    this.#child = undefined;
    this.#ready = undefined;
    if (!child) return;
    const exited = new Promise<void>((res) => {
      if (child.exitCode !== null || child.signalCode !== null) res();
      else child.once('exit', () => res());
    });
    try {
      child.stdin.write(frameHeader(Frame.Quit, 0));
      child.stdin.end();
    } catch {
      // ignore: killing below
    }
    const killTimer = setTimeout(() => child.kill('SIGKILL'), 1000);
    await exited;
    clearTimeout(killTimer);
  }
}
