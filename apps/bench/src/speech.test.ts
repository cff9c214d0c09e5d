import { describe, expect, it } from 'vitest';
import { resampleLinear } from './speech.js';

describe('resampleLinear', () => {
  it('keeps the duration and interpolates between samples', () => {
    const up = resampleLinear(Int16Array.from([0, 300, 600, 900]), 8000, 48_000);
    expect(up.length).toBe(24);
    expect(up[3]).toBe(150);
    expect(resampleLinear(Int16Array.from([1, 2]), 16_000, 16_000)).toEqual(Int16Array.from([1, 2]));
  });
});
