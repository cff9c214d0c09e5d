import type { AgentProbe } from './health.js';

/** How long one answer about the agent workers is reused: waiting pages poll every second. */
export const AGENTS_UP_CACHE_MS = 2_000;

/**
 * Whether any agent worker answers its health check, asked at most once per `cacheMs`. A queue
 * with no worker behind it is not "every agent is busy" but "the agent service is down", and the
 * page says so. With no health URLs configured nothing can be known, and the answer is true.
 */
export function cachedAgentsUp(probe: AgentProbe, urls: readonly string[], cacheMs = AGENTS_UP_CACHE_MS, now: () => number = Date.now): () => Promise<boolean> {
  let last: { at: number; answer: Promise<boolean> } | null = null;
  return () => {
    if (urls.length === 0) return Promise.resolve(true);
    const at = now();
    if (last === null || at - last.at >= cacheMs) {
      const answer = Promise.all(urls.map((url) => probe.check(url).then((result) => result.ok, () => false))).then((results) => results.some(Boolean));
      last = { at, answer };
    }
    return last.answer;
  };
}
