import { describe, expect, it } from 'vitest';
import type { EngineLogger } from './engine-logger.js';
import { type SupervisedChild, Supervisor } from './supervisor.js';

class FakeChild implements SupervisedChild {
  alive = true;
  closed = false;
  readonly exited: Promise<string>;
  #exit!: (why: string) => void;

  constructor(readonly id: number) {
    this.exited = new Promise((resolve) => (this.#exit = resolve));
  }

  crash(): void {
    this.alive = false;
    this.#exit('SIGKILL');
  }

  async close(): Promise<void> {
    this.closed = true;
    this.crash();
  }
}

const quiet: EngineLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function setup(failFirst = 0): { supervisor: Supervisor<FakeChild>; children: FakeChild[]; clock: { now: number } } {
  const children: FakeChild[] = [];
  const clock = { now: 0 };
  let failures = failFirst;
  const supervisor = new Supervisor<FakeChild>({
    name: 'the test worker',
    logger: quiet,
    now: () => clock.now,
    start: async () => {
      if (failures > 0) {
        failures -= 1;
        throw new Error('no model');
      }
      const child = new FakeChild(children.length + 1);
      children.push(child);
      return child;
    },
  });
  return { supervisor, children, clock };
}

describe('Supervisor', () => {
  it('starts one process and hands the same one to every caller', async () => {
    const { supervisor, children } = setup();
    const [a, b] = await Promise.all([supervisor.acquire(), supervisor.acquire()]);
    expect(a).toBe(b);
    expect(await supervisor.acquire()).toBe(a);
    expect(children).toHaveLength(1);
  });

  it('restarts a process that died at once, before anyone asks', async () => {
    const { supervisor, children } = setup();
    (await supervisor.acquire()).crash();
    await tick();
    expect(children).toHaveLength(2);
    expect(supervisor.child?.id).toBe(2);
  });

  it('gives up after three restarts a minute, and tries again once the minute has passed', async () => {
    const { supervisor, children, clock } = setup();
    await supervisor.acquire();
    for (let i = 0; i < 3; i += 1) {
      children.at(-1)?.crash();
      await tick();
    }
    expect(children).toHaveLength(4);
    children.at(-1)?.crash();
    await tick();
    expect(children).toHaveLength(4);
    await expect(supervisor.acquire()).rejects.toThrow('the test worker keeps failing; see the agent log for its error');
    clock.now = 60_000;
    expect((await supervisor.acquire()).id).toBe(5);
  });

  it('after a failed start, fails fast for five seconds, then tries again', async () => {
    const { supervisor, clock } = setup(1);
    await expect(supervisor.acquire()).rejects.toThrow('no model');
    clock.now = 4_999;
    await expect(supervisor.acquire()).rejects.toThrow('the test worker is unavailable (last start failed: no model)');
    clock.now = 5_000;
    expect((await supervisor.acquire()).id).toBe(1);
  });

  it('without waiting, starts the process and says it is not ready yet', async () => {
    const { supervisor, children } = setup();
    await expect(supervisor.acquire({ wait: false })).rejects.toThrow('the test worker is starting; not ready yet');
    await tick();
    expect(children).toHaveLength(1);
    expect(await supervisor.acquire({ wait: false })).toBe(children[0]);
  });

  it('close stops the process, one still starting too, and nothing restarts it', async () => {
    const { supervisor, children } = setup();
    const first = await supervisor.acquire();
    await supervisor.close();
    expect(first.closed).toBe(true);
    await tick();
    expect(children).toHaveLength(1);
    await expect(supervisor.acquire()).rejects.toThrow('the test worker is closed');

    const other = setup();
    const starting = other.supervisor.acquire();
    await other.supervisor.close();
    await expect(starting).rejects.toThrow('is closed');
    expect(other.children[0]?.closed).toBe(true);
  });
});
