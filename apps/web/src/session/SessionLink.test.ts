import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DisconnectReason, RoomEvent, type Room } from 'livekit-client';
import type { TokenResponse } from '@parley/protocol';
import { ApiRequestError } from '../api/client';
import { ObservedReconnectPolicy, SessionLink, type LinkState } from './SessionLink';

/** Just the parts of a Room the link uses: events, connect and disconnect. */
class FakeRoom extends EventEmitter {
  connectCalls = 0;
  failConnects = 0;
  async connect(): Promise<void> {
    this.connectCalls++;
    if (this.failConnects > 0) {
      this.failConnects--;
      throw new Error('media server down');
    }
  }
  async disconnect(): Promise<void> {}
}

const token: TokenResponse = { serverUrl: 'ws://x', token: 't', room: 'r', identity: 'i', expiresAt: '' };

function setup(fetchToken = vi.fn(async () => token)) {
  const room = new FakeRoom();
  const republish = vi.fn(async () => undefined);
  let leaving = false;
  const link = new SessionLink({
    room: room as unknown as Room,
    policy: new ObservedReconnectPolicy(),
    fetchToken,
    republish,
    isLeaving: () => leaving,
  });
  const states: LinkState[] = [];
  link.subscribe(() => states.push(link.getSnapshot()));
  const detach = link.attach();
  return { room, link, states, fetchToken, republish, detach, leave: () => (leaving = true) };
}

describe('SessionLink', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('shows livekit-client reconnecting and re-dispatches the agent once reconnected', async () => {
    const { room, states, fetchToken } = setup();
    room.emit(RoomEvent.Reconnecting);
    expect(states.at(-1)).toEqual({ kind: 'reconnecting', by: 'livekit', attempt: 1 });
    room.emit(RoomEvent.Reconnected);
    expect(states.at(-1)).toEqual({ kind: 'connected' });
    expect(fetchToken).toHaveBeenCalledTimes(1);
  });

  it('rejoins with a fresh token after an unexpected disconnect, counting attempts', async () => {
    const { room, states, fetchToken, republish } = setup();
    room.failConnects = 2;
    room.emit(RoomEvent.Disconnected, DisconnectReason.UNKNOWN_REASON);
    await vi.runAllTimersAsync();
    expect(room.connectCalls).toBe(3);
    expect(fetchToken).toHaveBeenCalledTimes(3);
    expect(republish).toHaveBeenCalledTimes(1);
    const attempts = states.filter((s) => s.kind === 'reconnecting').map((s) => (s.kind === 'reconnecting' ? s.attempt : 0));
    expect(attempts).toEqual([1, 2, 3]);
    expect(states.at(-1)).toEqual({ kind: 'connected' });
  });

  it('gives up after the last attempt and says why', async () => {
    const fetchToken = vi.fn(async (): Promise<TokenResponse> => {
      throw new ApiRequestError('unreachable', 'down');
    });
    const { room, states } = setup(fetchToken);
    room.emit(RoomEvent.Disconnected, DisconnectReason.UNKNOWN_REASON);
    await vi.runAllTimersAsync();
    const last = states.at(-1);
    expect(last?.kind).toBe('failed');
    expect(last?.kind === 'failed' && last.message).toMatch(/not reachable/);
  });

  it('does not rejoin when the user left or another tab took over', async () => {
    const first = setup();
    first.leave();
    first.room.emit(RoomEvent.Disconnected, DisconnectReason.UNKNOWN_REASON);
    await vi.runAllTimersAsync();
    expect(first.room.connectCalls).toBe(0);

    const second = setup();
    second.room.emit(RoomEvent.Disconnected, DisconnectReason.DUPLICATE_IDENTITY);
    await vi.runAllTimersAsync();
    expect(second.room.connectCalls).toBe(0);
    expect(second.states.at(-1)?.kind).toBe('failed');
  });

  it('lets livekit-client retry its own server only for a few seconds, then leaves it to the rejoin', () => {
    const policy = new ObservedReconnectPolicy(3_000);
    const attempts: number[] = [];
    policy.onAttempt = (attempt) => attempts.push(attempt);
    expect(policy.nextRetryDelayInMs({ retryCount: 0, elapsedMs: 0 })).not.toBeNull();
    expect(policy.nextRetryDelayInMs({ retryCount: 1, elapsedMs: 400 })).not.toBeNull();
    expect(policy.nextRetryDelayInMs({ retryCount: 3, elapsedMs: 3_100 })).toBeNull();
    expect(attempts).toEqual([1, 2]);
  });
});
