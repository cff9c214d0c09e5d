import { describe, expect, it } from 'vitest';
import { REJOIN_DELAYS_MS, rejoinDelayMs } from './backoff';

describe('rejoinDelayMs', () => {
  it('grows and then stops', () => {
    const delays = REJOIN_DELAYS_MS.map((_, i) => rejoinDelayMs(i + 1, () => 0.5));
    expect(delays[0]).toBe(500);
    for (let i = 1; i < delays.length; i++) expect(delays[i]!).toBeGreaterThanOrEqual(delays[i - 1]!);
    expect(rejoinDelayMs(REJOIN_DELAYS_MS.length + 1)).toBeNull();
  });

  it('jitters within ±20 %', () => {
    expect(rejoinDelayMs(3, () => 0)).toBe(1600);
    expect(rejoinDelayMs(3, () => 1)).toBe(2400);
  });
});
