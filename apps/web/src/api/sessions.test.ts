import { describe, expect, it } from 'vitest';
import { ApiRequestError } from './client';
import { historyProblem, isSessionDetail, isSessionSummary } from './sessions';

const summary = {
  id: 's1',
  room: 'room-1',
  status: 'ended',
  startedAt: '2026-01-01T00:00:00Z',
  endedAt: '2026-01-01T00:01:00Z',
  endReason: 'user left',
  turnCount: 1,
  latency: { p50Ms: 700, p95Ms: 900 },
};

describe('session records', () => {
  it('accepts the contract shape and rejects others', () => {
    expect(isSessionSummary(summary)).toBe(true);
    expect(isSessionSummary({ ...summary, status: 'weird' })).toBe(false);
    expect(isSessionSummary({ ...summary, latency: null, endedAt: null })).toBe(true);
    const detail = { ...summary, options: {}, transcript: [{ role: 'user', text: 'hi', at: summary.startedAt }], turns: [] };
    expect(isSessionDetail(detail)).toBe(true);
    expect(isSessionDetail({ ...detail, transcript: [{ role: 'x' }] })).toBe(false);
  });

  it('tells a missing endpoint from a missing session', () => {
    const missingRoute = new ApiRequestError('http', 'no such API route: GET /api/sessions', 404);
    const missingSession = new ApiRequestError('http', 'session not found', 404);
    expect(historyProblem(missingRoute, 'list')).toEqual({ kind: 'not-available' });
    expect(historyProblem(missingRoute, 'session')).toEqual({ kind: 'not-available' });
    expect(historyProblem(missingSession, 'session')).toEqual({ kind: 'not-found' });
    expect(historyProblem(new ApiRequestError('unreachable', 'down'))).toEqual({ kind: 'failed', message: 'down' });
  });
});
