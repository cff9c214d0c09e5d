import { createLocalAudioTrack, Room, Track, type LocalAudioTrack } from 'livekit-client';
import { fetchToken } from '../api/client';
import type { AudioProcessingOptions } from '../config';
import { setDiagnosticsRoom } from '../diagnostics';
import { TurnMetricsStore } from '../metrics/TurnMetricsStore';
import { TranscriptStore } from '../transcript/TranscriptStore';
import { connectError, microphoneError, publishError, tokenError } from './errors';

export interface SessionRequest {
  room: string;
  identity: string;
  name?: string;
  audio: AudioProcessingOptions;
}

/** Everything that belongs to one call; handed to the call view, thrown away on leave. */
export interface CallSession {
  readonly room: Room;
  readonly roomName: string;
  readonly identity: string;
  readonly serverUrl: string;
  readonly audio: AudioProcessingOptions;
  readonly transcript: TranscriptStore;
  readonly metrics: TurnMetricsStore;
  /** True once leave() was called, so a Disconnected event is not reported as a failure. */
  readonly leaving: boolean;
  /** Disconnects, stops the microphone and releases listeners. Safe to call more than once. */
  leave(): Promise<void>;
}

/**
 * Starts a call: opens the microphone first (so a denied permission fails fast, before the agent
 * is dispatched), asks the API for a token, connects, then publishes the microphone.
 * Every failure is a SessionError naming the step; nothing is left running after one.
 */
export async function startSession(request: SessionRequest): Promise<CallSession> {
  let micTrack: LocalAudioTrack;
  try {
    micTrack = await createLocalAudioTrack({ ...request.audio });
  } catch (error) {
    throw microphoneError(error);
  }

  let token;
  try {
    token = await fetchToken({
      room: request.room,
      identity: request.identity,
      ...(request.name ? { name: request.name } : {}),
      dispatchAgent: true,
    });
  } catch (error) {
    micTrack.stop();
    throw tokenError(error);
  }

  const room = new Room({
    adaptiveStream: true,
    dynacast: true,
    audioCaptureDefaults: { ...request.audio },
  });
  const transcript = new TranscriptStore();
  const metrics = new TurnMetricsStore();
  // Listen before connecting: the agent may greet the moment it joins.
  const detachTranscript = transcript.attach(room);
  const detachMetrics = metrics.attach(room);
  setDiagnosticsRoom(room);

  let leaving = false;
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    try {
      await room.disconnect();
    } finally {
      micTrack.stop();
      detachTranscript();
      detachMetrics();
      setDiagnosticsRoom(undefined);
    }
  };

  try {
    await room.connect(token.serverUrl, token.token);
  } catch (error) {
    await release();
    throw connectError(error, token.serverUrl);
  }

  try {
    await room.localParticipant.publishTrack(micTrack, { source: Track.Source.Microphone });
  } catch (error) {
    await release();
    throw publishError(error);
  }

  return {
    room,
    roomName: token.room,
    identity: token.identity,
    serverUrl: token.serverUrl,
    audio: request.audio,
    transcript,
    metrics,
    get leaving() {
      return leaving;
    },
    async leave() {
      leaving = true;
      await release();
    },
  };
}
