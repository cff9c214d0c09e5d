import { EventEmitter } from 'node:events';
import { ParticipantKind, RoomEvent, TrackSource, type RemoteParticipant, type RemoteTrack, type RemoteTrackPublication } from '@livekit/rtc-node';
import { describe, expect, it } from 'vitest';
import { waitForPersonAudio, type FirstFrame, type PersonAudioRoom } from './person-audio.js';

interface StubPublication {
  sid: string;
  source: TrackSource;
  track: RemoteTrack | undefined;
}

class StubRoom extends EventEmitter implements PersonAudioRoom {
  readonly remoteParticipants = new Map<string, RemoteParticipant>();

  join(identity: string, kind: ParticipantKind = ParticipantKind.STANDARD): { participant: RemoteParticipant; publications: Map<string, StubPublication> } {
    const publications = new Map<string, StubPublication>();
    const participant = { identity, kind, trackPublications: publications } as unknown as RemoteParticipant;
    this.remoteParticipants.set(identity, participant);
    return { participant, publications };
  }

  publish(owner: { participant: RemoteParticipant; publications: Map<string, StubPublication> }, sid: string, source: TrackSource, subscribed: boolean): StubPublication {
    const publication: StubPublication = { sid, source, track: subscribed ? ({ sid: `track-${sid}` } as unknown as RemoteTrack) : undefined };
    owner.publications.set(sid, publication);
    return publication;
  }

  subscribe(owner: { participant: RemoteParticipant }, publication: StubPublication): void {
    publication.track = { sid: `track-${publication.sid}` } as unknown as RemoteTrack;
    this.emit(RoomEvent.TrackSubscribed, publication.track, publication as unknown as RemoteTrackPublication, owner.participant);
  }
}

/** A first-frame probe the test releases by hand, per track. */
function controlledFrames(): { firstFrame: FirstFrame; deliver(trackSid: string): void; fail(trackSid: string): void; probed: string[]; aborted: () => boolean } {
  const pending = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();
  const probed: string[] = [];
  let lastSignal: AbortSignal | undefined;
  return {
    probed,
    firstFrame: (track, signal) => {
      lastSignal = signal;
      probed.push(track.sid ?? '');
      return new Promise<void>((resolve, reject) => pending.set(track.sid ?? '', { resolve, reject }));
    },
    deliver: (trackSid) => pending.get(trackSid)?.resolve(),
    fail: (trackSid) => pending.get(trackSid)?.reject(new Error('ended')),
    aborted: () => lastSignal?.aborted ?? false,
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('waitForPersonAudio', () => {
  it('waits for the first frame of a microphone already subscribed, not just the subscription', async () => {
    const room = new StubRoom();
    const person = room.join('person');
    room.publish(person, 'mic', TrackSource.SOURCE_MICROPHONE, true);
    const frames = controlledFrames();
    let settled = false;
    const result = waitForPersonAudio(room, { firstFrame: frames.firstFrame, timeoutMs: 5000 }).then((value) => {
      settled = true;
      return value;
    });
    await tick();
    expect(frames.probed).toEqual(['track-mic']);
    expect(settled).toBe(false);
    frames.deliver('track-mic');
    expect((await result).outcome).toBe('audio');
    expect(frames.aborted()).toBe(true);
    expect(room.listenerCount(RoomEvent.TrackSubscribed)).toBe(0);
  });

  it('picks up a microphone subscribed later, and ignores screen audio and other agents', async () => {
    const room = new StubRoom();
    const otherAgent = room.join('agent-2', ParticipantKind.AGENT);
    room.publish(otherAgent, 'agent-mic', TrackSource.SOURCE_MICROPHONE, true);
    const person = room.join('person');
    room.publish(person, 'screen-audio', TrackSource.SOURCE_SCREENSHARE_AUDIO, true);
    const mic = room.publish(person, 'mic', TrackSource.SOURCE_MICROPHONE, false);
    const frames = controlledFrames();
    const result = waitForPersonAudio(room, { firstFrame: frames.firstFrame, timeoutMs: 5000 });
    await tick();
    expect(frames.probed).toEqual([]);
    room.subscribe(person, mic);
    expect(frames.probed).toEqual(['track-mic']);
    frames.deliver('track-mic');
    expect(await result).toMatchObject({ outcome: 'audio' });
  });

  it('probes a track again when its first probe ended without a frame (resubscribed)', async () => {
    const room = new StubRoom();
    const person = room.join('person');
    const mic = room.publish(person, 'mic', TrackSource.SOURCE_MICROPHONE, true);
    const frames = controlledFrames();
    const result = waitForPersonAudio(room, { firstFrame: frames.firstFrame, timeoutMs: 5000 });
    await tick();
    frames.fail('track-mic');
    await tick();
    room.subscribe(person, mic);
    expect(frames.probed).toEqual(['track-mic', 'track-mic']);
    frames.deliver('track-mic');
    expect((await result).outcome).toBe('audio');
  });

  it('gives up after the bound and says why: nobody there, no microphone, or a microphone that sent nothing', async () => {
    const empty = new StubRoom();
    expect((await waitForPersonAudio(empty, { timeoutMs: 20, firstFrame: controlledFrames().firstFrame })).outcome).toBe('no-person');

    const typingOnly = new StubRoom();
    const typist = typingOnly.join('typist');
    typingOnly.publish(typist, 'camera', TrackSource.SOURCE_CAMERA, true);
    expect((await waitForPersonAudio(typingOnly, { timeoutMs: 20, firstFrame: controlledFrames().firstFrame })).outcome).toBe('no-microphone');

    const silent = new StubRoom();
    const muted = silent.join('muted');
    silent.publish(muted, 'mic', TrackSource.SOURCE_MICROPHONE, true);
    const frames = controlledFrames();
    const result = await waitForPersonAudio(silent, { timeoutMs: 20, firstFrame: frames.firstFrame });
    expect(result.outcome).toBe('timeout');
    expect(result.waitedMs).toBeGreaterThanOrEqual(15);
    expect(frames.aborted()).toBe(true);
  });
});
