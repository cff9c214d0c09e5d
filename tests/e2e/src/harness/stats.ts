import { percentile } from '@parley/test-harness/stats';

/** Count, min, p50, p95 and max of a non-empty list (nearest-rank percentiles, as the bench reports them). */
export function summarize(values: number[]): { count: number; p50: number; p95: number; max: number; min: number } {
  const at = (fraction: number): number => {
    const value = percentile(values, fraction);
    if (value === null) throw new Error('percentile of an empty list');
    return value;
  };
  return {
    count: values.length,
    min: Math.min(...values),
    p50: at(0.5),
    p95: at(0.95),
    max: Math.max(...values),
  };
}
