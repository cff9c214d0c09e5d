import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineLogger } from '@parley/audio';
import { EngineError, findExecutable } from '../engine.js';

const READY_MARK = 'PARLEY_FESTIVAL_VOICE_OK';
const PID_MARK = 'PARLEY_FESTIVAL_PID ';

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

/** A loopback port nobody listens on now (it may be taken before festival binds it). */
export function freePort(): Promise<number> {
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
export class FestivalServer {
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
