import type { RunningService } from './supervisor.js';

export interface RestartPolicy {
  /** Wait before the first restart after a crash. */
  initialDelayMs: number;
  /** The wait doubles with each crash in a row, up to this. */
  maxDelayMs: number;
  /** A service that ran this long before it crashed starts again from the initial wait. */
  healthyAfterMs: number;
}

// The first wait is short: people whose agent died wait for the restarted worker (see README, "A whole worker that dies").
export const DEFAULT_RESTART_POLICY: RestartPolicy = { initialDelayMs: 100, maxDelayMs: 15_000, healthyAfterMs: 60_000 };

/** The wait before restart number `crashesInARow` (1 for the first crash after a healthy run). */
export function restartDelayMs(crashesInARow: number, policy: RestartPolicy = DEFAULT_RESTART_POLICY): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, crashesInARow - 1));
}

/** What keepRunning needs from the supervisor. */
export interface RestartableServices {
  readonly stopping: boolean;
  current(name: string): RunningService | undefined;
  pendingRestart(name: string): Promise<RunningService> | undefined;
  stoppedOnPurpose(name: string): boolean;
  restart(name: string): Promise<RunningService>;
}

export interface KeepRunningOptions {
  policy?: RestartPolicy;
  /** Told about each crash and restart (the launcher prints it). */
  report: (message: string) => void;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Restarts a service whenever it exits on its own, with a doubling wait, for as long as the
 * stack runs: a crashed agent worker comes back and registers again, an agent worker that gave
 * up on an unreachable LiveKit tries again once LiveKit is back, and nobody has to restart
 * anything by hand. Exits during a deliberate restart, a deliberate stop or the stack's shutdown
 * are not crashes. Resolves only once the stack stops or the service was stopped on purpose.
 */
export async function keepRunning(services: RestartableServices, name: string, options: KeepRunningOptions): Promise<void> {
  const policy = options.policy ?? DEFAULT_RESTART_POLICY;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let crashesInARow = 0;
  let startedAt = now();
  for (;;) {
    const service = services.current(name);
    if (service === undefined) {
      const pending = services.pendingRestart(name);
      if (pending === undefined) return;
      await pending.catch(() => undefined);
      startedAt = now();
      continue;
    }
    const code = await service.exited;
    if (services.stopping || services.stoppedOnPurpose(name)) return;
    const pending = services.pendingRestart(name);
    if (pending !== undefined || services.current(name) !== service) {
      // Someone restarted it on purpose: watch the new instance.
      await pending?.catch(() => undefined);
      startedAt = now();
      continue;
    }
    crashesInARow = now() - startedAt >= policy.healthyAfterMs ? 1 : crashesInARow + 1;
    const delayMs = restartDelayMs(crashesInARow, policy);
    const lastLine = service.recentOutput().split('\n').filter((line) => line.trim() !== '').at(-1) ?? '';
    options.report(`${name} exited (${code}) after ${Math.round((now() - startedAt) / 1000)} s; restarting in ${delayMs} ms${lastLine ? ` — last output: ${lastLine.slice(0, 300)}` : ''}`);
    await sleep(delayMs);
    if (services.stopping || services.stoppedOnPurpose(name)) return;
    if (services.current(name) !== service) continue;
    try {
      await services.restart(name);
      startedAt = now();
    } catch (error) {
      options.report(`${name} could not be restarted: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
