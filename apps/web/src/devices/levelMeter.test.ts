import { describe, expect, it } from 'vitest';
import { levelFromSamples } from './levelMeter';

describe('levelFromSamples', () => {
  it('is 0 for silence and empty input', () => {
    expect(levelFromSamples(new Float32Array(0))).toBe(0);
    expect(levelFromSamples(new Float32Array(128))).toBe(0);
  });

  it('grows with loudness and stays within 0..1', () => {
    const quiet = levelFromSamples(new Float32Array(128).fill(0.01));
    const loud = levelFromSamples(new Float32Array(128).fill(0.5));
    expect(quiet).toBeGreaterThan(0);
    expect(loud).toBeGreaterThan(quiet);
    expect(levelFromSamples(new Float32Array(128).fill(1))).toBe(1);
  });
});
