import { describe, expect, it } from 'vitest';
import { percentile } from './stats.js';

describe('percentile', () => {
  it('is a measured value at the nearest rank, whatever the order of the list', () => {
    const values = [50, 10, 40, 20, 30];
    expect(percentile(values, 0.5)).toBe(30);
    expect(percentile(values, 0.95)).toBe(50);
    expect(percentile(values, 0)).toBe(10);
    expect(percentile([7, 1, 3, 9], 0.5)).toBe(3);
    expect(values).toEqual([50, 10, 40, 20, 30]);
  });

  it('is null for no values', () => {
    expect(percentile([], 0.5)).toBeNull();
  });
});
