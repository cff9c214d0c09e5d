import { AudioFrame, AudioSource, AudioStream, LocalAudioTrack, Room, RoomEvent, TrackKind, TrackPublishOptions, TrackSource, type RemoteTrack } from '@livekit/rtc-node';
import { AccessToken } from 'livekit-server-sdk';
import { SPEECH_SAMPLE_RATE, rms } from '@parley/test-harness/speech';
import { waitFor } from '@parley/test-harness/wait';
import { distribution, type Distribution } from './stats.js';

const FRAME_MS = 10;
const SAMPLES_PER_FRAME = (SPEECH_SAMPLE_RATE * FRAME_MS) / 1000;
const BURST_FRAMES = 10;
const GAP_FRAMES = 40;
const LOUD_RMS = 200;

export interface TransportProbeOptions {
  livekitUrl: string;
  apiKey: string;
  apiSecret: string;
  bursts: number;
}

async function join(options: TransportProbeOptions, room: string, identity: string): Promise<Room> {
  const token = new AccessToken(options.apiKey, options.apiSecret, { identity, ttl: 600 });
  token.addGrant({ room, roomJoin: true, canPublish: true, canSubscribe: true });
  const client = new Room();
  await client.connect(options.livekitUrl, await token.toJwt(), { autoSubscribe: true, dynacast: false });
  return client;
}

/**
 * One-way audio latency of the transport alone: a participant sends tone bursts through the same
 * LiveKit server, another one (no agent in the room) times their arrival the way the benchmark
 * times the agent's voice. Both directions of a voice turn pay this once, so it is the floor of
 * the overhead the benchmark reports.
 */
export async function probeTransport(options: TransportProbeOptions): Promise<Distribution> {
  const room = `bench-probe-${Date.now().toString(36)}`;
  const sender = await join(options, room, 'probe-sender');
  const receiver = await join(options, room, 'probe-receiver');
  const arrivals: number[] = [];
  let lastFrameAt = 0;
  receiver.on(RoomEvent.TrackSubscribed, (track: RemoteTrack) => {
    if (track.kind !== TrackKind.KIND_AUDIO) return;
    const reader = new AudioStream(track, SPEECH_SAMPLE_RATE, 1).getReader();
    void (async () => {
      let wasLoud = false;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        lastFrameAt = Date.now();
        const loud = rms(value.data) > LOUD_RMS;
        if (loud && !wasLoud) arrivals.push(lastFrameAt);
        wasLoud = loud;
      }
    })();
  });
  const source = new AudioSource(SPEECH_SAMPLE_RATE, 1, 100);
  const publishOptions = new TrackPublishOptions();
  publishOptions.source = TrackSource.SOURCE_MICROPHONE;
  await sender.localParticipant!.publishTrack(LocalAudioTrack.createAudioTrack('probe', source), publishOptions);
  const tone = new Int16Array(SAMPLES_PER_FRAME);
  const silence = new Int16Array(SAMPLES_PER_FRAME);
  const sentAt: number[] = [];
  try {
    // Warm the path (subscription, jitter buffer) on silence first.
    for (let frame = 0; frame < 200; frame++) await source.captureFrame(new AudioFrame(silence, SPEECH_SAMPLE_RATE, 1, SAMPLES_PER_FRAME));
    await waitFor('the probe track to arrive', () => lastFrameAt > 0, 10_000, FRAME_MS);
    let phase = 0;
    for (let burst = 0; burst < options.bursts; burst++) {
      for (let frame = 0; frame < BURST_FRAMES + GAP_FRAMES; frame++) {
        const loud = frame < BURST_FRAMES;
        if (loud) {
          for (let index = 0; index < SAMPLES_PER_FRAME; index++, phase++) tone[index] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * phase) / SPEECH_SAMPLE_RATE));
        }
        // What is already queued in the source plays out before this frame is sent.
        if (frame === 0) sentAt.push(Date.now() + source.queuedDuration);
        await source.captureFrame(new AudioFrame(loud ? tone.slice() : silence, SPEECH_SAMPLE_RATE, 1, SAMPLES_PER_FRAME));
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  } finally {
    await sender.disconnect();
    await receiver.disconnect();
    await source.close();
  }
  // Pair each burst with the first onset heard after it was sent and before the next one.
  const latencies: number[] = [];
  for (const [index, sent] of sentAt.entries()) {
    const next = sentAt[index + 1] ?? Infinity;
    const heard = arrivals.find((at) => at >= sent && at < next);
    if (heard !== undefined) latencies.push(heard - sent);
  }
  return distribution(latencies);
}
