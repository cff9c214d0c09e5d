import { createLocalAudioTrack, Room, Track, type LocalAudioTrack } from 'livekit-client';
import type { TokenResponse } from '@parley/protocol';
import { fetchToken } from '../api/client';
import type { AudioProcessingOptions, DeviceChoice } from '../config';
import { setDiagnosticsRoom } from '../diagnostics';
import { TurnMetricsStore } from '../metrics/TurnMetricsStore';
import { TranscriptStore } from '../transcript/TranscriptStore';
import { connectError, microphoneError, publishError, tokenError } from './errors';
import { startPresenceHeartbeat } from './presenceHeartbeat';
import { ObservedReconnectPolicy, SessionLink } from './SessionLink';

export interface SessionRequest {
  room: string;
  identity: string;
  name?: string;
  audio: AudioProcessingOptions;
  devices: DeviceChoice;
}

/** Everything that belongs to one call; handed to the call view, thrown away on leave. */
export interface CallSession {
  readonly room: Room;
  readonly roomName: string;
  readonly identity: string;
  readonly serverUrl: string;
  /** The agent session the API started for this call (absent from an older API). */
  readonly sessionId: string | undefined;
  readonly audio: AudioProcessingOptions;
  readonly devices: DeviceChoice;
  readonly transcript: TranscriptStore;
  readonly metrics: TurnMetricsStore;
  /** Reconnect state; the call view shows it and ends the call when it is `failed`. */
  readonly link: SessionLink;
  /** True once leave() was called, so a Disconnected event is not reported as a failure. */
  readonly leaving: boolean;
  /** Whether the user wants the microphone on (restored after a rejoin). */
  setMicrophoneWanted(wanted: boolean): void;
  /** Asks the API to dispatch the agent again (used when no agent turned up); resolves to the session id. */
  redispatchAgent(): Promise<string | undefined>;
  /** Disconnects, stops the microphone and releases listeners. Safe to call more than once. */
  leave(): Promise<void>;
}

/**
 * Starts a call: opens the microphone first (so a denied permission fails fast, before the agent
 * is dispatched), asks the API for a token, connects, then publishes the microphone.
 * Every failure is a SessionError naming the step; nothing is left running after one.
 */
export async function startSession(request: SessionRequest): Promise<CallSession> {
  const captureOptions = {
    ...request.audio,
    ...(request.devices.audioInputId ? { deviceId: request.devices.audioInputId } : {}),
  };
  let micTrack: LocalAudioTrack;
  try {
    micTrack = await createLocalAudioTrack(captureOptions);
  } catch (error) {
    throw microphoneError(error);
  }

  const requestToken = (): Promise<TokenResponse> =>
    fetchToken({
      room: request.room,
      identity: request.identity,
      ...(request.name ? { name: request.name } : {}),
      dispatchAgent: true,
    });

  let token: TokenResponse;
  try {
    token = await requestToken();
  } catch (error) {
    micTrack.stop();
    throw tokenError(error);
  }

  const policy = new ObservedReconnectPolicy();
  const room = new Room({
    adaptiveStream: true,
    dynacast: true,
    reconnectPolicy: policy,
    audioCaptureDefaults: captureOptions,
    ...(request.devices.videoInputId ? { videoCaptureDefaults: { deviceId: request.devices.videoInputId } } : {}),
    ...(request.devices.audioOutputId ? { audioOutput: { deviceId: request.devices.audioOutputId } } : {}),
  });
  const transcript = new TranscriptStore();
  const metrics = new TurnMetricsStore();
  // Listen before connecting: the agent may greet the moment it joins.
  const detachTranscript = transcript.attach(room);
  const detachMetrics = metrics.attach(room);
  setDiagnosticsRoom(room);

  let leaving = false;
  let microphoneWanted = true;
  const link = new SessionLink({
    room,
    policy,
    fetchToken: requestToken,
    republish: async () => {
      if (microphoneWanted) await room.localParticipant.setMicrophoneEnabled(true, captureOptions);
    },
    isLeaving: () => leaving,
    log: (message, detail) => console.info(`[parley] ${message}`, detail ?? ''),
  });
  const detachLink = link.attach();

  let stopHeartbeat = (): void => undefined;
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    stopHeartbeat();
    detachLink();
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
    leaving = true;
    await release();
    throw connectError(error, token.serverUrl);
  }

  try {
    await room.localParticipant.publishTrack(micTrack, { source: Track.Source.Microphone });
  } catch (error) {
    leaving = true;
    await release();
    throw publishError(error);
  }
  stopHeartbeat = startPresenceHeartbeat(room);

  let sessionId = token.sessionId;
  return {
    room,
    roomName: token.room,
    identity: token.identity,
    serverUrl: token.serverUrl,
    get sessionId() {
      return sessionId;
    },
    audio: request.audio,
    devices: request.devices,
    transcript,
    metrics,
    link,
    get leaving() {
      return leaving;
    },
    setMicrophoneWanted(wanted) {
      microphoneWanted = wanted;
    },
    async redispatchAgent() {
      sessionId = (await requestToken()).sessionId ?? sessionId;
      return sessionId;
    },
    async leave() {
      leaving = true;
      await release();
    },
  };
}
