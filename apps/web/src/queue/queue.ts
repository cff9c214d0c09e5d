import type { SessionQueueResponse, SessionQueueStatus } from '@parley/protocol';
import { ApiRequestError, getJson } from '../api/client';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isQueueStatus(value: unknown): value is SessionQueueStatus {
  return (
    isObject(value) &&
    (value.state === 'queued' || value.state === 'dispatching') &&
    typeof value.position === 'number' &&
    typeof value.length === 'number' &&
    typeof value.waitedMs === 'number' &&
    typeof value.maxWaitMs === 'number' &&
    (value.agentsUp === undefined || typeof value.agentsUp === 'boolean')
  );
}

export function isSessionQueueResponse(value: unknown): value is SessionQueueResponse {
  return (
    isObject(value) &&
    typeof value.sessionId === 'string' &&
    (value.status === 'active' || value.status === 'ended') &&
    (value.endReason === null || typeof value.endReason === 'string') &&
    (value.queue === null || isQueueStatus(value.queue))
  );
}

/** The session's status and its place in the API's dispatch queue. */
export async function fetchSessionQueue(sessionId: string, signal?: AbortSignal): Promise<SessionQueueResponse> {
  const body = await getJson(`/sessions/${encodeURIComponent(sessionId)}/queue`, signal);
  if (!isSessionQueueResponse(body)) throw new ApiRequestError('bad-response', 'The queue status has an unexpected shape.');
  return body;
}

/** 0:07, 1:30, 12:05 */
export function formatWait(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** What a waiting person reads; null when the session is not waiting. */
export function describeWait(queue: SessionQueueStatus | null): { headline: string; detail: string } | null {
  if (queue === null) return null;
  const waited = `Waited ${formatWait(queue.waitedMs)}`;
  const limit = `at most ${Math.round(queue.maxWaitMs / 60_000)} min`;
  const others = queue.length - 1;
  // 'dispatching' is mostly the API asking LiveKit whether a slot is free (often not): the place is what counts.
  return {
    headline: `Waiting for an agent — you are number ${queue.position}`,
    detail: `${waited} (${limit}). Every agent is busy${others > 0 ? ` and ${others} other${others === 1 ? ' person is' : ' people are'} waiting` : ''}; you will be connected as soon as one is free.`,
  };
}

/** Why a session ended before its agent came, in words a person can act on; null when it has not ended. */
export function describeEnd(status: SessionQueueResponse | null, maxWaitMs: number | null): string | null {
  if (status === null || status.status !== 'ended') return null;
  if (status.endReason === 'queue-timeout') {
    return `No agent became free${maxWaitMs === null ? '' : ` within ${Math.round(maxWaitMs / 60_000)} min`}. Every agent is still busy; ask again in a few minutes.`;
  }
  if (status.endReason === 'no-agent-free') return 'Every agent is busy and this server does not keep people waiting; ask again in a few minutes.';
  return `The agent session has ended (${status.endReason ?? 'no reason given'}).`;
}
