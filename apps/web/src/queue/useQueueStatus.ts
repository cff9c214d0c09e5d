import type { SessionQueueResponse } from '@parley/protocol';
import { useEffect, useState } from 'react';
import { fetchSessionQueue } from './queue';

/** How often a page without its agent asks where it stands. */
export const QUEUE_POLL_MS = 1000;

/**
 * Polls the session's place in the dispatch queue while `active` (no agent in the room yet).
 * Keeps the last answer; a failed poll is retried on the next tick (the agent timer still runs).
 */
export function useQueueStatus(sessionId: string | undefined, active: boolean): SessionQueueResponse | null {
  const [status, setStatus] = useState<SessionQueueResponse | null>(null);

  useEffect(() => {
    // A new session (asked again) starts with no answer, not the last one's.
    setStatus(null);
    if (!active || sessionId === undefined) return;
    const controller = new AbortController();
    let timer: number | undefined;
    const poll = async (): Promise<void> => {
      try {
        const next = await fetchSessionQueue(sessionId, controller.signal);
        if (!controller.signal.aborted) setStatus(next);
      } catch {
        // Keep what we had; the next tick tries again.
      }
      if (!controller.signal.aborted) timer = window.setTimeout(() => void poll(), QUEUE_POLL_MS);
    };
    void poll();
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [sessionId, active]);

  return status;
}
