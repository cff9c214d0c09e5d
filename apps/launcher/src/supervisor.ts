import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface ServiceSpec {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string | undefined>;
  cwd: string;
  /** Run as this user (PostgreSQL refuses root); the process stays in the service's group, so a kill reaches it. */
  user?: { uid: number; gid: number };
}

export interface RunningService {
  name: string;
  spec: ServiceSpec;
  process: ChildProcess;
  /** Last lines of output, for error messages when it dies early. */
  recentOutput(): string;
  /** Resolves with the exit code (or signal name) when the process ends. */
  exited: Promise<string>;
}

const RECENT_LINES = 40;

/**
 * Starts child processes, mirrors their output with a name prefix into the console
 * and a per-service log file, and stops them all together.
 */
export class Supervisor {
  readonly #services: RunningService[] = [];
  /** Restarts in progress, by service name: the old process's exit is expected. */
  readonly #restarts = new Map<string, Promise<RunningService>>();
  /** Services stopped on purpose (stop()): their exit is not a crash, and nothing restarts them. */
  readonly #stoppedOnPurpose = new Set<string>();
  readonly #logDir: string;
  readonly #echo: boolean;
  #stopping = false;
  /**
   * Services run in their own process groups, so they would outlive a supervisor whose process
   * ends without stopAll() (a crash, process.exit in a test runner): this kills them, synchronously.
   */
  readonly killAllNow = (): void => {
    for (const service of this.#services) {
      if (service.process.pid !== undefined) signalGroup(service.process.pid, 'SIGKILL');
    }
  };

  constructor(options: { logDir: string; echoToConsole: boolean }) {
    this.#logDir = options.logDir;
    this.#echo = options.echoToConsole;
    mkdirSync(this.#logDir, { recursive: true });
    process.on('exit', this.killAllNow);
  }

  /** Stops one service and starts it again from the same spec (tests use it to simulate a server restart). */
  restart(name: string, graceMs = 8000): Promise<RunningService> {
    const pending = this.#restarts.get(name);
    if (pending) return pending;
    this.#stoppedOnPurpose.delete(name);
    const restarted = this.#restart(name, graceMs).finally(() => this.#restarts.delete(name));
    this.#restarts.set(name, restarted);
    return restarted;
  }

  /** The restart of `name` under way, if any (its old process's exit is not a crash). */
  pendingRestart(name: string): Promise<RunningService> | undefined {
    return this.#restarts.get(name);
  }

  /** Whether stop() ended this service on purpose (and no restart came since). */
  stoppedOnPurpose(name: string): boolean {
    return this.#stoppedOnPurpose.has(name);
  }

  /** The running instance of a service (a new one after each restart). */
  current(name: string): RunningService | undefined {
    return this.#services.find((service) => service.name === name);
  }

  async #restart(name: string, graceMs: number): Promise<RunningService> {
    const index = this.#services.findIndex((service) => service.name === name);
    const old = this.#services[index];
    if (old === undefined) throw new Error(`no service named ${name}`);
    this.#services.splice(index, 1);
    await stopService(old, graceMs);
    const restarted = this.start(old.spec);
    // Keep the start order so stopAll() still stops dependants first.
    this.#services.splice(index, 0, this.#services.pop() as RunningService);
    return restarted;
  }

  /** Stops one service for good (tests use it to simulate an outage). */
  async stop(name: string, graceMs = 8000): Promise<void> {
    const service = this.#services.find((candidate) => candidate.name === name);
    this.#stoppedOnPurpose.add(name);
    if (service) await stopService(service, graceMs);
  }

  /**
   * Kills one service and its children at once (SIGKILL, no drain) and leaves it down: a machine
   * that dies. Tests use it for node failures; restart() brings it back.
   */
  async kill(name: string): Promise<void> {
    const service = this.#services.find((candidate) => candidate.name === name);
    this.#stoppedOnPurpose.add(name);
    if (service?.process.pid === undefined) return;
    signalGroup(service.process.pid, 'SIGKILL');
    await service.exited;
  }

  start(spec: ServiceSpec): RunningService {
    const log: WriteStream = createWriteStream(path.join(this.#logDir, `${spec.name}.log`), { flags: 'a' });
    // Own process group, so stop() can end a service together with the children it forks.
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      ...(spec.user ? { uid: spec.user.uid, gid: spec.user.gid } : {}),
    });
    const recent: string[] = [];
    const onLine = (line: string): void => {
      recent.push(line);
      if (recent.length > RECENT_LINES) recent.shift();
      log.write(`${line}\n`);
      if (this.#echo) process.stdout.write(`[${spec.name}] ${line}\n`);
    };
    if (child.stdout) createInterface({ input: child.stdout }).on('line', onLine);
    if (child.stderr) createInterface({ input: child.stderr }).on('line', onLine);
    const exited = new Promise<string>((resolve) => {
      child.once('error', (error) => {
        onLine(`failed to start: ${error.message}`);
        resolve('spawn-error');
      });
      child.once('exit', (code, signal) => resolve(signal ?? String(code)));
    });
    // 'exit' can come before the last lines of its output are read: the log closes with the pipes.
    child.once('close', () => log.end());
    const service: RunningService = { name: spec.name, spec, process: child, recentOutput: () => recent.join('\n'), exited };
    this.#services.push(service);
    return service;
  }

  get stopping(): boolean {
    return this.#stopping;
  }

  /** SIGTERM in reverse start order (API, agent, then LiveKit), SIGKILL after the grace period. */
  async stopAll(graceMs = 8000): Promise<void> {
    this.#stopping = true;
    for (const service of [...this.#services].reverse()) {
      await stopService(service, graceMs);
    }
    process.off('exit', this.killAllNow);
  }
}

async function stopService(service: RunningService, graceMs: number): Promise<void> {
  const pid = service.process.pid;
  if (pid === undefined) return;
  if (service.process.exitCode !== null || service.process.signalCode !== null) {
    // It died on its own; the job processes it forked may still be running in its group.
    signalGroup(pid, 'SIGKILL');
    return;
  }
  signalGroup(pid, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
  await service.exited;
  clearTimeout(timer);
  // Children the service forked (job processes) may outlive it; the group signal reaches them.
  signalGroup(pid, 'SIGKILL');
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}
