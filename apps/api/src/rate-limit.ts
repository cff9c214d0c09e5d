/** Token bucket per caller, in process: enough for one API instance; a shared limiter belongs in a proxy. */
export interface RateLimiter {
  /** Takes one token; returns 0 when allowed, otherwise the ms to wait before retrying. */
  take(key: string, now?: number): number;
}

const MAX_BUCKETS = 10_000;

export function createRateLimiter(perMinute: number, burst: number = perMinute): RateLimiter {
  const refillPerMs = perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; updatedAt: number }>();

  const sweep = (now: number): void => {
    for (const [key, bucket] of buckets) {
      if (bucket.tokens + (now - bucket.updatedAt) * refillPerMs >= burst) buckets.delete(key);
    }
    // Still too many distinct callers: forget the oldest rather than grow without bound.
    for (const key of buckets.keys()) {
      if (buckets.size <= MAX_BUCKETS) break;
      buckets.delete(key);
    }
  };

  return {
    take(key, now = Date.now()) {
      let bucket = buckets.get(key);
      if (!bucket) {
        if (buckets.size >= MAX_BUCKETS) sweep(now);
        bucket = { tokens: burst, updatedAt: now };
        buckets.set(key, bucket);
      }
      bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updatedAt) * refillPerMs);
      bucket.updatedAt = now;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.ceil((1 - bucket.tokens) / refillPerMs);
    },
  };
}
