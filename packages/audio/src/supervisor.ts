import type { EngineLogger } from './engine-logger.js';

/** A long-lived engine process (a speech worker, a recognizer, a voice server) as the supervisor sees it. */
export interface SupervisedChild {
  /** False once the process died or broke its protocol: the supervisor then starts a new one. */
  readonly alive: boolean;
  /** Settles when the process has exited; its value is logged when the exit was unexpected. */
  readonly exited: Promise<unknown>;
  close(): Promise<void>;
}

/**
 * The one restart policy of the local engines. A process that dies is restarted at once, so its
 * model is loaded again before the next request needs it. Restarts are bounded, so that a broken
 * install fails fast instead of looping: at most `maxRestarts` in `windowMs`, and after a start
 * that failed, uses fail at once for `retryAfterFailureMs` (a fallback engine speaks meanwhile)
 * before the next use tries again.
 */
export interface RestartPolicy {
  maxRestarts: number;
  windowMs: number;
  retryAfterFailureMs: number;
}

export const RESTART_POLICY: Readonly<RestartPolicy> = { maxRestarts: 3, windowMs: 60_000, retryAfterFailureMs: 5_000 };

export class SupervisorError extends Error {
  override readonly name = 'SupervisorError';
}

export interface SupervisorOptions<T extends SupervisedChild> {
  /** Names the process in errors and the log, e.g. 'the whisper worker'. */
  name: string;
  /** Starts a process and resolves once it is ready for requests. */
  start: () => Promise<T>;
  logger: EngineLogger;
  policy?: Partial<RestartPolicy>;
  /** The clock (tests). */
  now?: () => number;
}

/** Keeps one engine process running under RESTART_POLICY. */
export class Supervisor<T extends SupervisedChild> {
  readonly #options: SupervisorOptions<T>;
  readonly #policy: RestartPolicy;
  readonly #now: () => number;
  #child: T | undefined;
  #starting: Promise<T> | null = null;
  #startedOnce = false;
  #restarts: number[] = [];
  #failure: { at: number; error: Error } | undefined;
  #closed = false;

  constructor(options: SupervisorOptions<T>) {
    this.#options = options;
    this.#policy = { ...RESTART_POLICY, ...options.policy };
    this.#now = options.now ?? Date.now;
  }

  /** The running process, if it is alive. */
  get child(): T | undefined {
    return this.#child?.alive ? this.#child : undefined;
  }

  /** Whether a process is being started now. */
  get starting(): boolean {
    return this.#starting !== null;
  }

  /**
   * The running process, or a new one once it is ready. With `wait: false` a process that is not
   * ready yet is started (or left starting) and the call fails at once, for callers that have a
   * fallback and should not make anyone wait.
   */
  acquire(options: { wait?: boolean } = {}): Promise<T> {
    const name = this.#options.name;
    if (this.#closed) return Promise.reject(new SupervisorError(`${name} is closed`));
    const child = this.child;
    if (child) return Promise.resolve(child);
    let starting = this.#starting;
    if (starting === null) {
      const refusal = this.#refusal();
      if (refusal) return Promise.reject(refusal);
      starting = this.#start();
    }
    if (options.wait === false) {
      starting.catch(() => undefined);
      return Promise.reject(new SupervisorError(`${name} is starting; not ready yet`));
    }
    return starting;
  }

  /** Stops the process for good (and one that is still starting, once it is up). */
  async close(): Promise<void> {
    this.#closed = true;
    const child = this.#child ?? (await this.#starting?.catch(() => undefined));
    this.#child = undefined;
    await child?.close();
  }

  /** Why no process may be started now, if the policy says so; otherwise counts the restart. */
  #refusal(): SupervisorError | undefined {
    const name = this.#options.name;
    const now = this.#now();
    const failure = this.#failure;
    if (failure && now - failure.at < this.#policy.retryAfterFailureMs) {
      return new SupervisorError(`${name} is unavailable (last start failed: ${failure.error.message})`);
    }
    if (!this.#startedOnce) {
      this.#startedOnce = true;
      return undefined;
    }
    this.#restarts = this.#restarts.filter((at) => now - at < this.#policy.windowMs);
    if (this.#restarts.length >= this.#policy.maxRestarts) return new SupervisorError(`${name} keeps failing; see the agent log for its error`);
    this.#restarts.push(now);
    this.#options.logger.warn({ restartsInLastMinute: this.#restarts.length }, `restarting ${name}`);
    return undefined;
  }

  #start(): Promise<T> {
    // A start that throws at once counts as a failed start, like one that rejects.
    const starting = new Promise<T>((resolve) => resolve(this.#options.start())).then(
      async (child) => {
        this.#starting = null;
        if (this.#closed) {
          await child.close();
          throw new SupervisorError(`${this.#options.name} is closed`);
        }
        this.#child = child;
        this.#failure = undefined;
        void child.exited.then((exit) => this.#onExit(child, exit));
        return child;
      },
      (e: unknown) => {
        this.#starting = null;
        const error = e instanceof Error ? e : new Error(String(e));
        if (!this.#closed) {
          this.#failure = { at: this.#now(), error };
          this.#options.logger.error({ error: error.message }, `${this.#options.name} failed to start`);
        }
        throw error;
      },
    );
    this.#starting = starting;
    return starting;
  }

  #onExit(child: T, exit: unknown): void {
    if (this.#child !== child) return;
    this.#child = undefined;
    if (this.#closed) return;
    this.#options.logger.error({ exit }, `${this.#options.name} exited unexpectedly; restarting`);
    // Restart now, so the model is loaded again before the next request needs it.
    this.acquire().catch(() => undefined);
  }
}
