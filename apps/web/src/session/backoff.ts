/** Delays before each rejoin attempt after LiveKit's own reconnect gave up (ms). */
export const REJOIN_DELAYS_MS: readonly number[] = [500, 1_000, 2_000, 4_000, 8_000, 15_000, 15_000, 15_000];

/** The delay before attempt `attempt` (1-based), with ±20 % jitter so many tabs do not rejoin in step. */
export function rejoinDelayMs(attempt: number, random: () => number = Math.random): number | null {
  const base = REJOIN_DELAYS_MS[attempt - 1];
  if (base === undefined) return null;
  return Math.round(base * (0.8 + 0.4 * random()));
}
