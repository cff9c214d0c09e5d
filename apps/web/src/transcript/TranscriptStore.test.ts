import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ConnectionState, RoomEvent, type Room } from 'livekit-client';
import { TranscriptStore } from './TranscriptStore';

/** The parts of a Room the store uses: events, its state, the people in it and text streams. */
class FakeRoom extends EventEmitter {
  state = ConnectionState.Connected;
  remoteParticipants = new Map<string, { identity: string; isAgent: boolean }>();
  localParticipant = { identity: 'me', trackPublications: new Map() };
  registerTextStreamHandler(): void {}
  unregisterTextStreamHandler(): void {}

  join(identity: string, isAgent: boolean): void {
    const participant = { identity, isAgent };
    this.remoteParticipants.set(identity, participant);
    this.emit(RoomEvent.ParticipantConnected, participant);
  }

  leave(identity: string): void {
    const participant = this.remoteParticipants.get(identity);
    this.remoteParticipants.delete(identity);
    this.emit(RoomEvent.ParticipantDisconnected, participant);
  }
}

function setup() {
  const room = new FakeRoom();
  const store = new TranscriptStore();
  const detach = store.attach(room as unknown as Room);
  const notices = () => store.getSnapshot().filter((entry) => entry.speaker === 'notice').map((entry) => entry.text);
  return { room, store, detach, notices };
}

describe('TranscriptStore gap notices', () => {
  it('marks where the agent dropped out and when it came back', () => {
    const { room, notices } = setup();
    room.join('agent-AJ_1', true);
    expect(notices()).toEqual([]);
    room.leave('agent-AJ_1');
    expect(notices()).toEqual(['The agent dropped out. Getting it back…']);
    room.join('agent-AJ_2', true);
    expect(notices()).toHaveLength(2);
    expect(notices()[1]).toMatch(/^The agent is back after \d+\.\d s\.$/);
  });

  it('says nothing about other people, an agent handing over to another, or the page leaving', () => {
    const { room, notices, detach } = setup();
    room.join('bob', false);
    room.leave('bob');
    room.join('agent-AJ_1', true);
    room.join('agent-AJ_2', true);
    room.leave('agent-AJ_1');
    expect(notices()).toEqual([]);
    room.state = ConnectionState.Disconnected;
    room.leave('agent-AJ_2');
    expect(notices()).toEqual([]);
    detach();
    room.state = ConnectionState.Connected;
    room.join('agent-AJ_3', true);
    room.leave('agent-AJ_3');
    expect(notices()).toEqual([]);
  });
});
