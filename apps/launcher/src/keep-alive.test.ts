import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { keepRunning, restartDelayMs, type RestartableServices, type RestartPolicy } from './keep-alive.js';
import type { RunningService } from './supervisor.js';

const POLICY: RestartPolicy = { initialDelayMs: 500, maxDelayMs: 4000, healthyAfterMs: 60_000 };

/** One service whose instances the test ends by hand; restarts make new instances. */
class FakeServices implements RestartableServices {
  stopping = false;
  clock = 0;
  readonly restarts: number[] = [];
  readonly #stopped = new Set<string>();
  #exit: (code: string) => void = () => undefined;
  #current: RunningService | undefined;

  constructor(readonly name: string) {
    this.#current = this.#spawn();
  }

  #spawn(): RunningService {
    const exited = new Promise<string>((resolve) => {
      this.#exit = resolve;
    });
    return { name: this.name, spec: { name: this.name, command: 'x', args: [], env: {}, cwd: '/' }, process: {} as ChildProcess, recentOutput: () => 'boom\n', exited };
  }

  crash(code = '1'): void {
    this.#exit(code);
  }
  stopOnPurpose(): void {
    this.#stopped.add(this.name);
    this.#exit('SIGTERM');
  }
  current(): RunningService | undefined {
    return this.#current;
  }
  pendingRestart(): undefined {
    return undefined;
  }
  stoppedOnPurpose(name: string): boolean {
    return this.#stopped.has(name);
  }
  async restart(): Promise<RunningService> {
    this.restarts.push(this.clock);
    this.#current = this.#spawn();
    return this.#current;
  }
}

const flush = async (): Promise<void> => {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
};

function run(services: FakeServices) {
  const waits: number[] = [];
  const reports: string[] = [];
  const done = keepRunning(services, services.name, {
    policy: POLICY,
    report: (message) => reports.push(message),
    now: () => services.clock,
    sleep: async (ms) => {
      waits.push(ms);
      services.clock += ms;
    },
  });
  return { waits, reports, done };
}

describe('restartDelayMs', () => {
  it('doubles with each crash in a row, up to the maximum', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => restartDelayMs(n, POLICY))).toEqual([500, 1000, 2000, 4000, 4000, 4000]);
  });
});

describe('keepRunning', () => {
  it('restarts a crashed service, waiting longer after each quick crash, and says why', async () => {
    const services = new FakeServices('agent');
    const { waits, reports } = run(services);
    for (let i = 0; i < 4; i += 1) {
      services.clock += 1000;
      services.crash();
      await flush();
    }
    expect(services.restarts).toHaveLength(4);
    expect(waits).toEqual([500, 1000, 2000, 4000]);
    expect(reports[0]).toMatch(/^agent exited \(1\) after 1 s; restarting in 500 ms — last output: boom$/);
  });

  it('starts again from the shortest wait after a healthy run', async () => {
    const services = new FakeServices('agent');
    const { waits } = run(services);
    services.crash();
    await flush();
    services.crash();
    await flush();
    services.clock += 120_000;
    services.crash();
    await flush();
    expect(waits).toEqual([500, 1000, 500]);
  });

  it('leaves a service stopped on purpose, and stops when the stack stops', async () => {
    const stoppedOne = new FakeServices('api');
    const first = run(stoppedOne);
    stoppedOne.stopOnPurpose();
    await first.done;
    expect(stoppedOne.restarts).toEqual([]);

    const shuttingDown = new FakeServices('livekit');
    const second = run(shuttingDown);
    shuttingDown.stopping = true;
    shuttingDown.crash('SIGTERM');
    await second.done;
    expect(shuttingDown.restarts).toEqual([]);
  });
});
