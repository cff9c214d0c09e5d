import { describe, expect, it } from 'vitest';
import { DEFAULT_SAMPLING_POLICY, nextSampleDelayMs } from './sampling.js';

describe('adaptive sampling', () => {
  const policy = DEFAULT_SAMPLING_POLICY;
  it('samples about once a second while the user speaks', () => {
    expect(nextSampleDelayMs({ now: 100_000, userSpeaking: true, lastChangeAt: 0 })).toBe(policy.activeIntervalMs);
  });
  it('stays fast for a while after the image changed, then slows down', () => {
    expect(nextSampleDelayMs({ now: 100_000, userSpeaking: false, lastChangeAt: 100_000 - 1000 })).toBe(policy.activeIntervalMs);
    expect(nextSampleDelayMs({ now: 100_000, userSpeaking: false, lastChangeAt: 100_000 - policy.changeHoldMs - 1 })).toBe(policy.idleIntervalMs);
  });
  it('samples rarely when idle (about 0.3 fps)', () => {
    expect(nextSampleDelayMs({ now: 100_000, userSpeaking: false, lastChangeAt: 0 })).toBe(policy.idleIntervalMs);
    expect(1000 / policy.idleIntervalMs).toBeCloseTo(0.3, 1);
  });
});
