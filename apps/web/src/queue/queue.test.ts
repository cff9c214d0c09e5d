import { describe, expect, it } from 'vitest';
import { describeEnd, describeWait, formatWait, isSessionQueueResponse } from './queue';

const waiting = { state: 'queued' as const, position: 3, length: 4, enqueuedAt: '2026-01-01T00:00:00Z', waitedMs: 72_400, maxWaitMs: 300_000, agentsUp: true };

describe('dispatch queue on the page', () => {
  it('accepts the API shape and rejects others', () => {
    expect(isSessionQueueResponse({ sessionId: 's', status: 'active', endReason: null, queue: waiting })).toBe(true);
    expect(isSessionQueueResponse({ sessionId: 's', status: 'active', endReason: null, queue: null })).toBe(true);
    expect(isSessionQueueResponse({ sessionId: 's', status: 'active', endReason: null, queue: { ...waiting, position: '3' } })).toBe(false);
    expect(isSessionQueueResponse({ sessionId: 's', status: 'gone', endReason: null, queue: null })).toBe(false);
  });

  it('formats the wait as minutes and seconds', () => {
    expect(formatWait(0)).toBe('0:00');
    expect(formatWait(7_900)).toBe('0:07');
    expect(formatWait(725_000)).toBe('12:05');
  });

  it('tells a waiting person their number, the wait so far and the limit', () => {
    expect(describeWait(waiting)).toEqual({
      headline: 'Waiting for an agent — you are number 3',
      detail: 'Waited 1:12 (at most 5 min). Every agent is busy and 3 other people are waiting; you will be connected as soon as one is free.',
    });
    expect(describeWait({ ...waiting, position: 1, length: 1 })?.detail).toContain('Every agent is busy; you will be connected');
    expect(describeWait({ ...waiting, state: 'dispatching', position: 1 })?.headline).toBe('Waiting for an agent — you are number 1');
    expect(describeWait(null)).toBeNull();
  });

  it('explains an end before the agent came', () => {
    expect(describeEnd({ sessionId: 's', status: 'ended', endReason: 'queue-timeout', queue: null }, 300_000)).toBe(
      'No agent became free within 5 min. Every agent is still busy; ask again in a few minutes.',
    );
    expect(describeEnd({ sessionId: 's', status: 'active', endReason: null, queue: null }, null)).toBeNull();
  });
});
