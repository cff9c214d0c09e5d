import { ConnectionState, type Room } from 'livekit-client';
import { TOPIC_PRESENCE } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startPresenceHeartbeat } from './presenceHeartbeat';

function fakeRoom(state: ConnectionState) {
  const sent: { topic: string | undefined; reliable: boolean | undefined }[] = [];
  const room = {
    state,
    localParticipant: {
      publishData: async (_payload: Uint8Array, options: { topic?: string; reliable?: boolean }) => {
        sent.push({ topic: options.topic, reliable: options.reliable });
      },
    },
  };
  return { room: room as unknown as Room & { state: ConnectionState }, sent, raw: room };
}

describe('startPresenceHeartbeat', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('beats at once and then every interval on the presence topic, lossy, until stopped', () => {
    const { room, sent } = fakeRoom(ConnectionState.Connected);
    const stop = startPresenceHeartbeat(room, 1000);
    expect(sent).toEqual([{ topic: TOPIC_PRESENCE, reliable: false }]);
    vi.advanceTimersByTime(3000);
    expect(sent).toHaveLength(4);
    stop();
    vi.advanceTimersByTime(5000);
    expect(sent).toHaveLength(4);
  });

  it('stays quiet while the room is not connected (a reconnect in progress)', () => {
    const { room, sent, raw } = fakeRoom(ConnectionState.Reconnecting);
    const stop = startPresenceHeartbeat(room, 1000);
    vi.advanceTimersByTime(2000);
    expect(sent).toHaveLength(0);
    raw.state = ConnectionState.Connected;
    vi.advanceTimersByTime(1000);
    expect(sent).toHaveLength(1);
    stop();
  });
});
