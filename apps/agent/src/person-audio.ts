import { AudioStream, RoomEvent, TrackSource, type RemoteParticipant, type RemoteTrack, type RemoteTrackPublication } from '@livekit/rtc-node';
import { isPerson } from './lost-user.js';

/**
 * How long a new agent waits for the person's microphone audio before it starts listening
 * anyway: long enough for a subscription's media to start flowing on a loaded host, short enough
 * that a person without a microphone (typed chat only) gets a working agent soon.
 */
export const PERSON_AUDIO_WAIT_MS = 3000;

export type PersonAudioOutcome = 'audio' | 'no-person' | 'no-microphone' | 'timeout';

export interface PersonAudioResult {
  outcome: PersonAudioOutcome;
  waitedMs: number;
}

type TrackSubscribedListener = (track: RemoteTrack, publication: RemoteTrackPublication, participant: RemoteParticipant) => void;

/** The part of a LiveKit room the wait uses (a Room in production, a stub in tests). */
export interface PersonAudioRoom {
  readonly remoteParticipants: ReadonlyMap<string, RemoteParticipant>;
  on(event: RoomEvent.TrackSubscribed, listener: TrackSubscribedListener): unknown;
  off(event: RoomEvent.TrackSubscribed, listener: TrackSubscribedListener): unknown;
}

/** Resolves when the track's first audio frame reaches this process; stops reading when `signal` aborts. */
export type FirstFrame = (track: RemoteTrack, signal: AbortSignal) => Promise<void>;

export interface PersonAudioOptions {
  timeoutMs?: number;
  firstFrame?: FirstFrame;
  now?: () => number;
}

/** Reads one frame from a short-lived stream of its own on the track, then lets the stream go. */
export const firstAudioFrame: FirstFrame = async (track, signal) => {
  const reader = new AudioStream(track).getReader();
  const stop = (): void => void reader.cancel().catch(() => undefined);
  signal.addEventListener('abort', stop, { once: true });
  try {
    const { done } = await reader.read();
    if (done) throw new Error('the track ended before its first frame');
  } finally {
    signal.removeEventListener('abort', stop);
    stop();
  }
};

/**
 * Waits until audio from a person's microphone actually reaches the agent. LiveKit reports a
 * subscription before its media flows (a few hundred ms on this host, more under load), and an
 * agent that says "listening" in that gap loses the first words of a person who answers at once.
 * The session starts, and publishes "listening", after this. Never throws; bounded by `timeoutMs`.
 */
export async function waitForPersonAudio(room: PersonAudioRoom, options: PersonAudioOptions = {}): Promise<PersonAudioResult> {
  const timeoutMs = options.timeoutMs ?? PERSON_AUDIO_WAIT_MS;
  const firstFrame = options.firstFrame ?? firstAudioFrame;
  const now = options.now ?? Date.now;
  const startedAt = now();
  const probes = new AbortController();
  const probed = new Set<string>();
  let onSubscribed: TrackSubscribedListener | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const heard = new Promise<PersonAudioOutcome>((resolve) => {
    const probe = (track: RemoteTrack, publication: RemoteTrackPublication, participant: RemoteParticipant): void => {
      if (!isPerson(participant) || publication.source !== TrackSource.SOURCE_MICROPHONE || probed.has(publication.sid ?? '')) return;
      probed.add(publication.sid ?? '');
      firstFrame(track, probes.signal).then(
        () => resolve('audio'),
        () => probed.delete(publication.sid ?? ''),
      );
    };
    onSubscribed = probe;
    room.on(RoomEvent.TrackSubscribed, probe);
    for (const participant of room.remoteParticipants.values()) {
      for (const publication of participant.trackPublications.values()) {
        if (publication.track) probe(publication.track, publication, participant);
      }
    }
  });
  const timedOut = new Promise<PersonAudioOutcome>((resolve) => {
    timer = setTimeout(() => {
      const people = [...room.remoteParticipants.values()].filter(isPerson);
      if (people.length === 0) return resolve('no-person');
      const hasMicrophone = people.some((person) => [...person.trackPublications.values()].some((publication) => publication.source === TrackSource.SOURCE_MICROPHONE));
      resolve(hasMicrophone ? 'timeout' : 'no-microphone');
    }, timeoutMs);
  });
  try {
    const outcome = await Promise.race([heard, timedOut]);
    return { outcome, waitedMs: now() - startedAt };
  } finally {
    clearTimeout(timer);
    probes.abort();
    if (onSubscribed) room.off(RoomEvent.TrackSubscribed, onSubscribed);
  }
}
