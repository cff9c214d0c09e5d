import { describe, expect, it } from 'vitest';
import { poll, waitFor, within } from './wait.js';

describe('poll', () => {
  it('resolves with the first value other than undefined, falsy ones included', async () => {
    const values = [undefined, 0];
    await expect(poll('zero', () => values.shift(), 1_000, { intervalMs: 1 })).resolves.toBe(0);
  });

  it('retries a check that throws and names its last error when time runs out', async () => {
    await expect(poll('the server', () => Promise.reject(new Error('ECONNREFUSED')), 20, { intervalMs: 5 })).rejects.toThrow(
      /timed out after 20 ms waiting for the server: Error: ECONNREFUSED/,
    );
  });

  it('lets the error through at once when asked not to retry', async () => {
    let calls = 0;
    const check = (): number => {
      calls += 1;
      throw new Error('broken check');
    };
    await expect(poll('nothing', check, 1_000, { intervalMs: 1, retryOnError: false })).rejects.toThrow('broken check');
    expect(calls).toBe(1);
  });

  it('says what it saw last when time runs out', async () => {
    await expect(poll('a reply', () => undefined, 0, { lastSeen: () => 'hello | hi' })).rejects.toThrow('waiting for a reply; last seen: hello | hi');
  });

  it('checks once more at the deadline', async () => {
    let calls = 0;
    await expect(poll('never', () => void (calls += 1), 0)).rejects.toThrow('timed out after 0 ms waiting for never');
    expect(calls).toBe(1);
  });
});

describe('waitFor', () => {
  it('waits for a truthy value', async () => {
    const values: (number | false | null)[] = [false, null, 0, 7];
    await expect(waitFor('seven', () => values.shift(), 1_000, 1)).resolves.toBe(7);
  });
});

describe('within', () => {
  it('gives what the work gives when it finishes in time', async () => {
    await expect(within('a quick call', Promise.resolve(3), 1_000)).resolves.toBe(3);
  });

  it('names the call that never finishes', async () => {
    await expect(within('the room to disconnect', new Promise(() => undefined), 10)).rejects.toThrow('the room to disconnect did not finish within 10 ms');
  });
});
