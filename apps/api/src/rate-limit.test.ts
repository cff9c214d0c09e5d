import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limit.js';

describe('createRateLimiter', () => {
  it('allows a burst, then refills at the configured rate, per key', () => {
    const limiter = createRateLimiter(60, 3); // one token a second
    const t0 = 1_000_000;
    expect([1, 2, 3, 4].map(() => limiter.take('a', t0))).toEqual([0, 0, 0, 1000]);
    expect(limiter.take('b', t0)).toBe(0);
    expect(limiter.take('a', t0 + 500)).toBe(500);
    expect(limiter.take('a', t0 + 1_000)).toBe(0);
  });

  it('keeps memory bounded under many distinct callers', () => {
    const limiter = createRateLimiter(60);
    for (let index = 0; index < 25_000; index += 1) limiter.take(`ip:${index}`, index);
    expect(limiter.take('fresh', 30_000)).toBe(0);
  });
});
