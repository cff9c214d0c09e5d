/**
 * Nearest-rank percentile: the value at rank ⌈fraction × n⌉ of the sorted list, so p50 and p95
 * are always values that were measured; null for an empty list. The bench and the e2e tests
 * report latencies with it.
 */
export function percentile(values: readonly number[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank] ?? null;
}
