import {
  AudioFrame,
  AudioSource,
  AudioStream,
  LocalAudioTrack,
  ParticipantKind,
  Room,
  RoomEvent,
  TrackKind,
  TrackPublishOptions,
  TrackSource,
  type RemoteParticipant,
  type RemoteTrack,
} from '@livekit/rtc-node';
import { ATTRIBUTE_AGENT_STATE, TOPIC_TURN_METRICS, type TurnMetrics } from '@parley/protocol';
import { MIC_SAMPLE_RATE, rms } from './speech.js';

const FRAME_MS = 10;
const SAMPLES_PER_FRAME = (MIC_SAMPLE_RATE * FRAME_MS) / 1000;
/** 16-bit RMS above which a 10 ms frame counts as speech (TTS speech is in the thousands). */
const SPEECH_RMS = 200;

interface PendingSpeech {
  samples: Int16Array;
  offset: number;
  lastLoudSample: number;
  onEnd: (heardAt: number) => void;
}

/**
 * One benchmark participant: a real WebRTC client that streams a continuous microphone track
 * (silence between utterances, like a real mic), times the agent's audio frames by energy, and
 * collects the agent's per-turn metrics from the data channel.
 */
export class BenchUser {
  readonly room = new Room();
  readonly loudAgentFrameTimes: number[] = [];
  lastAgentFrameAt = 0;
  readonly turnMetrics: TurnMetrics[] = [];
  #source = new AudioSource(MIC_SAMPLE_RATE, 1, 100);
  #pending: PendingSpeech[] = [];
  #running = false;

  static async join(serverUrl: string, token: string): Promise<BenchUser> {
    const user = new BenchUser();
    user.room.on(RoomEvent.TrackSubscribed, (track, _publication, participant) => user.#listen(track, participant));
    user.room.on(RoomEvent.DataReceived, (payload, _participant, _kind, topic) => {
      if (topic === TOPIC_TURN_METRICS) user.turnMetrics.push(JSON.parse(new TextDecoder().decode(payload)) as TurnMetrics);
    });
    await user.room.connect(serverUrl, token, { autoSubscribe: true, dynacast: false });
    const options = new TrackPublishOptions();
    options.source = TrackSource.SOURCE_MICROPHONE;
    await user.room.localParticipant!.publishTrack(LocalAudioTrack.createAudioTrack('microphone', user.#source), options);
    void user.#pumpMicrophone();
    return user;
  }

  #listen(track: RemoteTrack, participant: RemoteParticipant): void {
    if (track.kind !== TrackKind.KIND_AUDIO || participant.kind !== ParticipantKind.AGENT) return;
    const reader = new AudioStream(track, MIC_SAMPLE_RATE, 1).getReader();
    void (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        const now = Date.now();
        this.lastAgentFrameAt = now;
        if (rms(value.data) > SPEECH_RMS) this.loudAgentFrameTimes.push(now);
      }
    })();
  }

  async #pumpMicrophone(): Promise<void> {
    this.#running = true;
    const silence = new Int16Array(SAMPLES_PER_FRAME);
    while (this.#running) {
      let data = silence;
      const current = this.#pending[0];
      if (current) {
        data = new Int16Array(SAMPLES_PER_FRAME);
        const start = current.offset;
        data.set(current.samples.subarray(start, start + SAMPLES_PER_FRAME));
        current.offset += SAMPLES_PER_FRAME;
        // What is already queued in the source plays out before this frame is heard.
        if (start <= current.lastLoudSample && current.lastLoudSample < current.offset) current.onEnd(Date.now() + this.#source.queuedDuration);
        if (current.offset >= current.samples.length) this.#pending.shift();
      }
      try {
        await this.#source.captureFrame(new AudioFrame(data, MIC_SAMPLE_RATE, 1, SAMPLES_PER_FRAME));
      } catch {
        return;
      }
    }
  }

  /** Speaks `samples`; resolves with the wall-clock time its last loud frame is heard. */
  say(samples: Int16Array): Promise<number> {
    let lastLoud = samples.length - 1;
    for (let index = 0; index < samples.length; index += SAMPLES_PER_FRAME) {
      if (rms(samples.subarray(index, index + SAMPLES_PER_FRAME)) > SPEECH_RMS) lastLoud = Math.min(samples.length - 1, index + SAMPLES_PER_FRAME - 1);
    }
    return new Promise((resolve) => this.#pending.push({ samples, offset: 0, lastLoudSample: lastLoud, onEnd: resolve }));
  }

  firstLoudAgentFrameAfter(since: number): number | undefined {
    return this.loudAgentFrameTimes.find((at) => at >= since);
  }

  agentState(): string | undefined {
    const agent = [...this.room.remoteParticipants.values()].find((participant) => participant.kind === ParticipantKind.AGENT);
    return agent?.attributes[ATTRIBUTE_AGENT_STATE];
  }

  async leave(): Promise<void> {
    this.#running = false;
    await this.room.disconnect();
    await this.#source.close();
  }
}

export async function waitFor<T>(what: string, check: () => T | undefined | null | false, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
