import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EngineError,
  SynthesisAbortedError,
  type SpeechEngine,
  type SynthesizeOptions,
  findExecutable,
} from './engine.js';
import { type EngineLogger, Supervisor, SupervisorError } from '@parley/audio';
import { foldToAscii, schemeString } from './text.js';
import { type PcmAudio, parseWav } from './wav.js';

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

export const DEFAULT_FESTIVAL_VOICE = 'cmu_us_slt_arctic_hts';
/** Rate of the festvox-us-slt-hts voice (measured); other voices are resampled as needed. */
const FESTIVAL_HTS_RATE = 32000;
const VOICE_DIRS = ['/usr/share/festival/voices', '/usr/local/share/festival/voices', '/usr/lib/festival/voices'];
const STUFF_KEY = Buffer.from('ft_StUfF_key', 'latin1');
const READY_MARK = 'PARLEY_FESTIVAL_VOICE_OK';
const PID_MARK = 'PARLEY_FESTIVAL_PID ';

/** Whether a Festival voice is installed (looks for voices/<language>/<voice>). */
export function festivalVoiceInstalled(voice: string): boolean {
  for (const base of VOICE_DIRS) {
    let langs: string[];
    try {
      langs = readdirSync(base);
    } catch {
      continue;
    }
    if (langs.some((lang) => existsSync(join(base, lang, voice)))) return true;
  }
  return false;
}

// Runs festival under a bash watchdog: when our stdin closes (Node exited, even by SIGKILL) or
// when asked to stop, the server and its per-client workers are killed, so no orphan server
// is left listening.
const WATCHDOG = `
festival_bin="$1"; init="$2"
"$festival_bin" --server "$init" </dev/null &
f=$!
echo "${PID_MARK}$f"
cat <&0 >/dev/null &
c=$!
cleanup() {
  for p in $(cat /proc/$f/task/$f/children 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
  kill -9 "$f" "$c" 2>/dev/null
  wait "$f" 2>/dev/null
  exit 0
}
trap cleanup TERM INT HUP
wait -n "$f" "$c"
cleanup
`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** A private `festival --server` process bound to a random password and loopback-only ACL. */
class FestivalServer {
  readonly port: number;
  readonly password: string;
  /** Settles when the watchdog (and so the server) has exited. */
  readonly exited: Promise<void>;
  #resolveExited!: () => void;
  #proc: ChildProcessWithoutNullStreams | undefined;
  #festivalPid = 0;
  #dir: string;
  #alive = false;
  #onExit: () => void;
  readonly #exitHook = (): void => this.#killNow();

  private constructor(port: number, password: string, dir: string, onExit: () => void) {
    this.port = port;
    this.password = password;
    this.#dir = dir;
    this.#onExit = onExit;
    this.exited = new Promise((resolve) => (this.#resolveExited = resolve));
  }

  get alive(): boolean {
    return this.#alive;
  }

  get pid(): number {
    return this.#festivalPid;
  }

  static async start(
    festivalBin: string,
    voice: string,
    port: number,
    timeoutMs: number,
    logger: EngineLogger,
    onExit: () => void,
  ): Promise<FestivalServer> {
    const password = randomBytes(16).toString('hex');
    const dir = mkdtempSync(join(tmpdir(), 'parley-festival-'));
    const init = join(dir, 'server.scm');
    // Only localhost may connect (the ACL is a list of anchored regexes over the peer's host
    // name or address), and every client must send the random password first. Festival
    // itself binds 0.0.0.0; the ACL plus password keep other hosts out.
    writeFileSync(
      init,
      [
        `(set! server_port ${port})`,
        `(set! server_access_list '("^127\\\\.0\\\\.0\\\\.1$" "^localhost$" "^localhost\\\\.localdomain$"))`,
        `(set! server_deny_list nil)`,
        `(set! server_passwd "${password}")`,
        `(set! server_max_clients 16)`,
        `(set! server_log_file t)`,
        `(voice_${voice})`,
        `(Parameter.set 'Wavefiletype 'riff)`,
        `(format t "${READY_MARK}\\n")`,
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    const server = new FestivalServer(port, password, dir, onExit);
    await server.#spawn(festivalBin, init, voice, timeoutMs, logger);
    return server;
  }

  #spawn(festivalBin: string, init: string, voice: string, timeoutMs: number, logger: EngineLogger): Promise<void> {
    return new Promise((resolve, reject) => {
      const bash = findExecutable('bash') ?? '/bin/bash';
      const proc = spawn(bash, ['-c', WATCHDOG, 'parley-festival', festivalBin, init], {
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      this.#proc = proc;
      let voiceOk = false;
      let started = false;
      let stdoutTail = '';
      let stderrTail = '';
      const fail = (msg: string): void => {
        if (started) return;
        started = true;
        clearTimeout(timer);
        this.#killNow();
        reject(new EngineError('festival', `${msg}${stderrTail ? ` (stderr: ${stderrTail.trim().slice(-300)})` : ''}`));
      };
      const timer = setTimeout(() => fail(`server did not start within ${timeoutMs} ms`), timeoutMs);
      proc.stdout.setEncoding('latin1');
      proc.stdout.on('data', (d: string) => {
        stdoutTail += d;
        let nl: number;
        while ((nl = stdoutTail.indexOf('\n')) >= 0) {
          const line = stdoutTail.slice(0, nl).trim();
          stdoutTail = stdoutTail.slice(nl + 1);
          if (line.startsWith(PID_MARK)) this.#festivalPid = Number(line.slice(PID_MARK.length)) || 0;
          else if (line === READY_MARK) voiceOk = true;
          else if (line.includes('Festival server started on port')) {
            if (!voiceOk) {
              fail(`voice ${voice} failed to load; install the Debian package festvox-us-slt-hts`);
              return;
            }
            if (!started) {
              started = true;
              clearTimeout(timer);
              this.#alive = true;
              process.on('exit', this.#exitHook);
              resolve();
            }
          } else if (line) logger.debug({ line }, 'festival server');
        }
        if (stdoutTail.length > 4096) stdoutTail = stdoutTail.slice(-1024);
      });
      proc.stderr.setEncoding('latin1');
      proc.stderr.on('data', (d: string) => {
        stderrTail = (stderrTail + d).slice(-2000);
        if (started) logger.debug({ stderr: d.trim() }, 'festival server stderr');
      });
      proc.stdin.on('error', () => undefined);
      proc.on('error', (e) => fail(`failed to spawn: ${e.message}`));
      proc.on('exit', (code, sig) => {
        const wasAlive = this.#alive;
        this.#alive = false;
        process.off('exit', this.#exitHook);
        this.#cleanupDir();
        if (!started) fail(`server exited during startup (${sig ?? code})`);
        else if (wasAlive) this.#onExit();
        this.#resolveExited();
      });
    });
  }

  /** Kills the per-connection worker processes festival forked (e.g. one still synthesizing). */
  killWorkers(): void {
    const pid = this.#festivalPid;
    if (!pid) return;
    let children: string;
    try {
      children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'ascii');
    } catch {
      return;
    }
    for (const c of children.split(/\s+/)) {
      const child = Number(c);
      if (!child) continue;
      try {
        process.kill(child, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }

  #killNow(): void {
    this.killWorkers();
    if (this.#festivalPid) {
      try {
        process.kill(this.#festivalPid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    const proc = this.#proc;
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      proc.stdin.end();
      proc.kill('SIGTERM');
    }
  }

  #cleanupDir(): void {
    try {
      rmSync(this.#dir, { recursive: true, force: true });
    } catch {
      // best effort
    }
  }

  async stop(): Promise<void> {
    const proc = this.#proc;
    this.#alive = false;
    process.off('exit', this.#exitHook);
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) {
      this.#cleanupDir();
      return;
    }
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    this.#killNow();
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    this.#cleanupDir();
  }

  close(): Promise<void> {
    return this.stop();
  }
}

type Reply = { kind: 'wave' | 'lisp'; data: Buffer } | { kind: 'ok' } | { kind: 'error' } | { kind: 'bad'; line: string };

/**
 * Decoder for festival's server replies: status lines "WV\n" / "LP\n" followed by a payload
 * terminated by the stuff key (where a literal key inside the payload was sent with an 'X'
 * before its last byte), and "OK\n" / "ER\n" ending each command.
 */
export class FestivalReplyDecoder {
  #inPayload = false;
  #status = '';
  #payloadKind: 'wave' | 'lisp' = 'wave';
  #k = 0;
  #parts: Buffer[] = [];
  readonly #emit: (r: Reply) => void;

  constructor(emit: (r: Reply) => void) {
    this.#emit = emit;
  }

  push(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length) {
      if (!this.#inPayload) {
        const nl = chunk.indexOf(0x0a, i);
        if (nl < 0) {
          this.#status += chunk.toString('latin1', i);
          if (this.#status.length > 256) this.#emit({ kind: 'bad', line: this.#status.slice(0, 64) });
          return;
        }
        const line = this.#status + chunk.toString('latin1', i, nl);
        this.#status = '';
        i = nl + 1;
        if (line === 'WV' || line === 'LP') {
          this.#inPayload = true;
          this.#payloadKind = line === 'WV' ? 'wave' : 'lisp';
          this.#k = 0;
          this.#parts = [];
        } else if (line === 'OK') this.#emit({ kind: 'ok' });
        else if (line === 'ER') this.#emit({ kind: 'error' });
        else this.#emit({ kind: 'bad', line: line.slice(0, 64) });
        continue;
      }
      // Inside a key-stuffed payload.
      if (this.#k === 0) {
        const f = chunk.indexOf(STUFF_KEY[0] ?? 0, i);
        if (f < 0) {
          this.#parts.push(chunk.subarray(i));
          return;
        }
        if (f > i) this.#parts.push(chunk.subarray(i, f));
        this.#k = 1;
        i = f + 1;
        continue;
      }
      const c = chunk[i++] ?? 0;
      if (c === STUFF_KEY[this.#k]) {
        this.#k++;
        if (this.#k === STUFF_KEY.length) {
          this.#inPayload = false;
          this.#k = 0;
          const data = Buffer.concat(this.#parts);
          this.#parts = [];
          this.#emit({ kind: this.#payloadKind, data });
        }
      } else if (c === 0x58 /* 'X' */ && this.#k === STUFF_KEY.length - 1) {
        // It looked like the key but was stuffed: keep the key prefix, drop the 'X'.
        this.#parts.push(STUFF_KEY.subarray(0, this.#k));
        this.#k = 0;
      } else {
        this.#parts.push(STUFF_KEY.subarray(0, this.#k), Buffer.from([c]));
        this.#k = 0;
      }
    }
  }
}

interface Pending {
  waves: Buffer[];
  resolve: (wave: Buffer) => void;
  reject: (e: Error) => void;
}

/** One authenticated client connection; commands on it are answered in order. */
class FestivalConnection {
  #socket: net.Socket;
  #pending: Pending[] = [];
  #closed = false;
  #ready: Promise<void>;

  constructor(port: number, password: string) {
    this.#socket = net.connect({ port, host: '127.0.0.1', noDelay: true });
    const decoder = new FestivalReplyDecoder((r) => this.#onReply(r));
    this.#ready = new Promise((resolve, reject) => {
      this.#socket.once('connect', () => {
        this.#socket.write(`${password}\n`);
        resolve();
      });
      this.#socket.once('error', reject);
    });
    this.#ready.catch(() => undefined);
    this.#socket.on('data', (d: Buffer) => decoder.push(d));
    this.#socket.on('error', (e) => this.#fail(new EngineError('festival', `connection error: ${e.message}`, { cause: e })));
    this.#socket.on('close', () => this.#fail(new EngineError('festival', 'connection closed by server')));
  }

  get closed(): boolean {
    return this.#closed;
  }

  #onReply(r: Reply): void {
    const head = this.#pending[0];
    if (!head) return;
    switch (r.kind) {
      case 'wave':
        head.waves.push(r.data);
        return;
      case 'lisp':
        return;
      case 'ok': {
        this.#pending.shift();
        const wave = head.waves[head.waves.length - 1];
        if (wave) head.resolve(wave);
        else head.reject(new EngineError('festival', 'command completed without a waveform'));
        return;
      }
      case 'error':
        this.#pending.shift();
        head.reject(new EngineError('festival', 'server reported an error evaluating the command'));
        return;
      case 'bad':
        this.#fail(new EngineError('festival', `unexpected reply line ${JSON.stringify(r.line)}`));
        this.destroy();
        return;
    }
  }

  #fail(e: Error): void {
    this.#closed = true;
    const pending = this.#pending;
    this.#pending = [];
    for (const p of pending) p.reject(e);
  }

  async request(command: string): Promise<Buffer> {
    await this.#ready;
    if (this.#closed) throw new EngineError('festival', 'connection closed');
    return new Promise((resolve, reject) => {
      this.#pending.push({ waves: [], resolve, reject });
      this.#socket.write(`${command}\n`);
    });
  }

  destroy(): void {
    this.#closed = true;
    this.#socket.destroy();
    this.#fail(new EngineError('festival', 'connection destroyed'));
  }
}

/** Abortable FIFO mutex. */
class FifoLock {
  #locked = false;
  #waiters: Array<() => void> = [];

  acquire(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(new SynthesisAbortedError());
    if (!this.#locked) {
      this.#locked = true;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const grant = (): void => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        const idx = this.#waiters.indexOf(grant);
        if (idx >= 0) this.#waiters.splice(idx, 1);
        reject(new SynthesisAbortedError());
      };
      this.#waiters.push(grant);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  release(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#locked = false;
  }
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
        return parseWav(wave);
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
