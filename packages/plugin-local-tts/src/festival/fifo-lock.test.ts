import { describe, expect, it } from 'vitest';
import { SynthesisAbortedError } from '../engine.js';
import { FifoLock } from './fifo-lock.js';

describe('FifoLock', () => {
  it('grants the lock first come first served, and an aborted waiter leaves the queue', async () => {
    const lock = new FifoLock();
    const order: string[] = [];
    const never = new AbortController().signal;
    await lock.acquire(never);
    const quitter = new AbortController();
    const b = lock.acquire(never).then(() => order.push('b'));
    const gone = lock.acquire(quitter.signal);
    const c = lock.acquire(never).then(() => order.push('c'));
    quitter.abort();
    await expect(gone).rejects.toBeInstanceOf(SynthesisAbortedError);
    lock.release();
    await b;
    lock.release();
    await c;
    expect(order).toEqual(['b', 'c']);
  });
});
