import { EventEmitter } from 'node:events';
import { ConnectionState, ParticipantKind, RoomEvent, type RemoteParticipant } from '@livekit/rtc-node';
import { TOPIC_PRESENCE } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { watchForLostUsers, type LeaveReason, type RoomEvents } from './lost-user.js';

/** A room whose events the test raises by hand, on a clock the test moves. */
class FakeRoom extends EventEmitter {
  readonly remoteParticipants = new Map<string, RemoteParticipant>();
  connectionState: ConnectionState = ConnectionState.CONN_CONNECTED;
  join(identity: string, kind: ParticipantKind = ParticipantKind.STANDARD): RemoteParticipant {
    const participant = { identity, kind } as RemoteParticipant;
    this.remoteParticipants.set(identity, participant);
    return participant;
  }
  leave(participant: RemoteParticipant): void {
    this.remoteParticipants.delete(participant.identity);
    this.emit(RoomEvent.ParticipantDisconnected, participant);
  }
  heartbeat(participant: RemoteParticipant, topic = TOPIC_PRESENCE): void {
    this.emit(RoomEvent.DataReceived, new Uint8Array([1]), participant, undefined, topic);
  }
}

function harness(lostTimeoutMs = 4000) {
  const room = new FakeRoom();
  let clock = 0;
  let tick: (() => void) | null = null;
  const left: { reason: LeaveReason; silentForMs: number }[] = [];
  const stop = watchForLostUsers(room as unknown as RoomEvents, {
    lostTimeoutMs,
    checkEveryMs: 100,
    onLeave: (info) => left.push(info),
    now: () => clock,
    setInterval: (callback) => {
      tick = callback;
      return { cancel: () => void (tick = null) };
    },
  });
  /** Moves the clock in 100 ms steps, checking at each, with a heartbeat from `alive` every second. */
  const advance = (ms: number, alive: RemoteParticipant[] = []): void => {
    for (let step = 0; step < ms; step += 100) {
      clock += 100;
      if (clock % 1000 === 0) for (const person of alive) room.heartbeat(person);
      tick?.();
    }
  };
  return { room, left, stop, advance, ticking: () => tick !== null };
}

describe('watchForLostUsers', () => {
  it('leaves once the only person has sent no heartbeat for the timeout', () => {
    const { room, left, advance } = harness(4000);
    const user = room.join('alice');
    advance(30_000, [user]);
    expect(left).toEqual([]);
    // The browser freezes: the last heartbeat was at 30 s.
    advance(3900);
    expect(left).toEqual([]);
    advance(100);
    expect(left).toEqual([{ reason: 'unreachable', silentForMs: 4000 }]);
    advance(10_000);
    expect(left).toHaveLength(1);
  });

  it('keeps the conversation when heartbeats come back in time', () => {
    const { room, left, advance } = harness(4000);
    const user = room.join('alice');
    advance(2000, [user]);
    advance(3000);
    advance(20_000, [user]);
    expect(left).toEqual([]);
  });

  it('never gives up on a person whose client sends no heartbeats, and ignores other topics and agents', () => {
    const { room, left, advance } = harness(4000);
    const sdkUser = room.join('bench-user');
    const otherAgent = room.join('agent-2', ParticipantKind.AGENT);
    room.heartbeat(otherAgent);
    room.heartbeat(sdkUser, 'lk.chat');
    advance(60_000);
    expect(left).toEqual([]);
  });

  it('stays while any person is still heard from', () => {
    const { room, left, advance } = harness(4000);
    const alice = room.join('alice');
    const bob = room.join('bob');
    advance(1000, [alice, bob]);
    advance(20_000, [bob]);
    expect(left).toEqual([]);
    // Bob leaves properly; Alice, silent for 20 s, is all that is left.
    room.leave(bob);
    advance(100);
    expect(left).toEqual([{ reason: 'unreachable', silentForMs: 20_100 }]);
  });

  it('leaves a second after the last person leaves, for whatever reason', () => {
    const { room, left, advance } = harness(4000);
    const alice = room.join('alice');
    room.join('agent-2', ParticipantKind.AGENT);
    advance(1000, [alice]);
    room.leave(alice);
    advance(900);
    expect(left).toEqual([]);
    advance(200);
    expect(left).toEqual([{ reason: 'everyone-left', silentForMs: 0 }]);
  });

  it("stays through the agent's own outage (a LiveKit restart empties the room and silences everyone)", () => {
    const { room, left, advance } = harness(4000);
    const alice = room.join('alice');
    advance(2000, [alice]);
    room.connectionState = ConnectionState.CONN_DISCONNECTED;
    room.leave(alice);
    advance(20_000);
    expect(left).toEqual([]);
    // Back, and the person rejoins and beats again: nothing happened.
    room.connectionState = ConnectionState.CONN_CONNECTED;
    const again = room.join('alice');
    advance(20_000, [again]);
    expect(left).toEqual([]);
  });

  it("stays while its own link is reconnecting, even when the people vanish a moment before the link says so (its cluster node died)", () => {
    const { room, left, advance } = harness(4000);
    const alice = room.join('alice');
    advance(2000, [alice]);
    // The SDK drops the remote participants, then reports the reconnect within the grace period.
    room.leave(alice);
    advance(500);
    room.connectionState = ConnectionState.CONN_RECONNECTING;
    advance(20_000);
    expect(left).toEqual([]);
  });

  it('restarts the silence clocks after an outage that left the people in the room', () => {
    const { room, left, advance } = harness(4000);
    const alice = room.join('alice');
    advance(2000, [alice]);
    room.connectionState = ConnectionState.CONN_DISCONNECTED;
    advance(10_000);
    room.connectionState = ConnectionState.CONN_CONNECTED;
    advance(3000, []);
    expect(left).toEqual([]);
    advance(1100, []);
    expect(left).toHaveLength(1);
  });

  it('stops listening when stopped', () => {
    const { room, left, stop, advance, ticking } = harness(4000);
    const alice = room.join('alice');
    advance(1000, [alice]);
    stop();
    advance(10_000);
    room.leave(alice);
    expect(left).toEqual([]);
    expect(ticking()).toBe(false);
    expect(room.listenerCount(RoomEvent.DataReceived)).toBe(0);
  });
});
