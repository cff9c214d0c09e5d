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
import { ATTRIBUTE_AGENT_STATE, TOPIC_TRANSCRIPTION, TOPIC_TURN_METRICS, type TurnMetrics } from '@parley/protocol';
import { SPEECH_SAMPLE_RATE, readWavPcm, rms } from './speech.js';
import { waitFor, within } from './wait.js';

const FRAME_MS = 10;
/** Room connect and disconnect wait on a native callback with no deadline of their own. */
const CONNECT_TIMEOUT_MS = 30_000;
const DISCONNECT_TIMEOUT_MS = 10_000;
/** Beyond the audio's own duration, how long speech may take to leave before the track counts as stalled. */
const SPEECH_SEND_SLACK_MS = 30_000;
const SAMPLES_PER_FRAME = (SPEECH_SAMPLE_RATE * FRAME_MS) / 1000;
/** Frames quieter than this (16-bit RMS) count as silence. TTS speech is in the thousands. */
export const SPEECH_RMS_THRESHOLD = 200;

export interface TranscriptSegment {
  identity: string;
  segmentId: string;
  text: string;
  final: boolean;
  receivedAt: number;
}

export interface ReceivedFrame {
  at: number;
  rms: number;
}

export interface Utterance {
  /** Wall-clock times at which the first and last loud samples left the microphone queue. */
  speechStartAt: number;
  speechEndAt: number;
}

interface QueuedAudio {
  samples: Int16Array;
  offset: number;
  firstLoudSample: number;
  lastLoudSample: number;
  onStart?: (at: number) => void;
  onEnd: (at: number) => void;
  /** The microphone stopped (left, or its room went away) before this was sent. */
  onDropped: (reason: string) => void;
  started: boolean;
}

/**
 * A user without a browser: a real WebRTC participant (libwebrtc via @livekit/rtc-node) that
 * streams a microphone track continuously, like a real mic (silence between utterances), hears the
 * agent's audio and reads the transcription streams and turn metrics. The end-to-end tests talk
 * through it, and the benchmark times voice-to-voice with it (`play` → `firstAgentAudioAfter`).
 */
export class HeadlessUser {
  readonly room = new Room();
  readonly agentFrames: ReceivedFrame[] = [];
  readonly transcripts = new Map<string, TranscriptSegment>();
  readonly turnMetrics: TurnMetrics[] = [];
  readonly agentStates: { state: string; at: number }[] = [];
  #source = new AudioSource(SPEECH_SAMPLE_RATE, 1, 100);
  #queue: QueuedAudio[] = [];
  #pumping = false;
  #agentIdentity: string | null = null;

  static async join(serverUrl: string, token: string): Promise<HeadlessUser> {
    const user = new HeadlessUser();
    try {
      await within(`joining ${serverUrl}`, user.#connect(serverUrl, token), CONNECT_TIMEOUT_MS);
    } catch (error) {
      // A connect that completes after its deadline must not leave a participant behind.
      void user.leave().catch(() => undefined);
      throw error;
    }
    return user;
  }

  async #connect(serverUrl: string, token: string): Promise<void> {
    this.room.on(RoomEvent.TrackSubscribed, (track, _publication, participant) => this.#onTrack(track, participant));
    this.room.on(RoomEvent.ParticipantAttributesChanged, (changed, participant) => {
      const state = changed[ATTRIBUTE_AGENT_STATE];
      if (state !== undefined && participant.identity !== this.room.localParticipant?.identity) {
        this.agentStates.push({ state, at: Date.now() });
      }
    });
    this.room.on(RoomEvent.DataReceived, (payload, _participant, _kind, topic) => {
      if (topic !== TOPIC_TURN_METRICS) return;
      this.turnMetrics.push(JSON.parse(new TextDecoder().decode(payload)) as TurnMetrics);
    });
    this.room.registerTextStreamHandler(TOPIC_TRANSCRIPTION, (reader, participantInfo) => {
      const attributes = reader.info.attributes ?? {};
      const segmentId = attributes['lk.segment_id'] ?? reader.info.streamId;
      // A stream cut off by our own disconnect rejects; that is not a test failure.
      reader.readAll().then((text) => {
        const key = `${participantInfo.identity}:${segmentId}`;
        const previous = this.transcripts.get(key);
        this.transcripts.set(key, {
          identity: participantInfo.identity,
          segmentId,
          text: previous && attributes['lk.transcription_final'] !== 'true' ? previous.text + text : text,
          final: attributes['lk.transcription_final'] === 'true',
          receivedAt: Date.now(),
        });
      }, () => undefined);
    });
    await this.room.connect(serverUrl, token, { autoSubscribe: true, dynacast: false });
    const track = LocalAudioTrack.createAudioTrack('microphone', this.#source);
    const options = new TrackPublishOptions();
    options.source = TrackSource.SOURCE_MICROPHONE;
    await this.room.localParticipant!.publishTrack(track, options);
    void this.#pump();
  }

  #onTrack(track: RemoteTrack, participant: RemoteParticipant): void {
    if (track.kind !== TrackKind.KIND_AUDIO || participant.kind !== ParticipantKind.AGENT) return;
    this.#agentIdentity = participant.identity;
    const stream = new AudioStream(track, SPEECH_SAMPLE_RATE, 1);
    void (async () => {
      const reader = stream.getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        this.agentFrames.push({ at: Date.now(), rms: rms(value.data) });
      }
    })();
  }

  get agentIdentity(): string | null {
    return this.#agentIdentity;
  }

  /** Feeds the mic track in real time: queued speech when there is some, silence otherwise. */
  async #pump(): Promise<void> {
    this.#pumping = true;
    const silence = new Int16Array(SAMPLES_PER_FRAME);
    while (this.#pumping) {
      const current = this.#queue[0];
      let data = silence;
      if (current) {
        data = new Int16Array(SAMPLES_PER_FRAME);
        const chunk = current.samples.subarray(current.offset, current.offset + SAMPLES_PER_FRAME);
        data.set(chunk);
        const chunkStart = current.offset;
        current.offset += SAMPLES_PER_FRAME;
        // The frame is heard after what is already queued in the source has played out.
        const heardAt = Date.now() + this.#source.queuedDuration;
        if (!current.started && chunkStart + SAMPLES_PER_FRAME > current.firstLoudSample) {
          current.started = true;
          current.onStart?.(heardAt);
        }
        if (chunkStart <= current.lastLoudSample && current.lastLoudSample < current.offset) current.onEnd(heardAt);
        if (current.offset >= current.samples.length) this.#queue.shift();
      }
      try {
        await this.#source.captureFrame(new AudioFrame(data, SPEECH_SAMPLE_RATE, 1, SAMPLES_PER_FRAME));
      } catch {
        this.#pumping = false;
        this.#dropQueued('the microphone track stopped (its room went away)');
        return;
      }
    }
    this.#dropQueued('the user left before the speech was sent');
  }

  #dropQueued(reason: string): void {
    for (const queued of this.#queue.splice(0)) queued.onDropped(reason);
  }

  /** Speaks a WAV file; resolves once its last loud sample is queued, with when it is heard. */
  say(wavFile: string, onSpeechStart?: (at: number) => void): Promise<Utterance> {
    return this.play(readWavPcm(wavFile).samples, onSpeechStart);
  }

  /** Speaks 48 kHz mono samples, as `say`. */
  play(samples: Int16Array, onSpeechStart?: (at: number) => void): Promise<Utterance> {
    let firstLoud = -1;
    let lastLoud = -1;
    for (let index = 0; index < samples.length; index += SAMPLES_PER_FRAME) {
      const frame = samples.subarray(index, index + SAMPLES_PER_FRAME);
      if (rms(frame) > SPEECH_RMS_THRESHOLD) {
        if (firstLoud < 0) firstLoud = index;
        lastLoud = index + frame.length - 1;
      }
    }
    if (firstLoud < 0) {
      firstLoud = 0;
      lastLoud = samples.length - 1;
    }
    return new Promise((resolve, reject) => {
      if (!this.#pumping) {
        reject(new Error('cannot speak: the microphone is not streaming (not joined, or left)'));
        return;
      }
      let speechStartAt = 0;
      // Real time for everything queued ahead and this, plus slack: a stalled track fails the speaker, not the whole file.
      const queuedSamples = this.#queue.reduce((sum, queued) => sum + queued.samples.length - queued.offset, 0);
      const deadlineMs = Math.round(((queuedSamples + samples.length) / SPEECH_SAMPLE_RATE) * 1000) + SPEECH_SEND_SLACK_MS;
      const stalled = setTimeout(() => reject(new Error(`speech not sent within ${deadlineMs} ms: the microphone track stalled`)), deadlineMs);
      this.#queue.push({
        samples,
        offset: 0,
        firstLoudSample: firstLoud,
        lastLoudSample: lastLoud,
        started: false,
        onStart: (at) => {
          speechStartAt = at;
          onSpeechStart?.(at);
        },
        onEnd: (at) => {
          clearTimeout(stalled);
          resolve({ speechStartAt, speechEndAt: at });
        },
        onDropped: (reason) => {
          clearTimeout(stalled);
          reject(new Error(`speech not sent: ${reason}`));
        },
      });
    });
  }

  /**
   * First agent audio frame with speech energy at or after `since`. Frames are kept in arrival
   * order, so only those since `since` are walked (backwards): the benchmark asks every 10 ms in
   * conversations of thousands of frames, and the scan must not compete with the agent for CPU.
   */
  firstAgentAudioAfter(since: number): ReceivedFrame | undefined {
    let first: ReceivedFrame | undefined;
    for (let index = this.agentFrames.length - 1; index >= 0; index -= 1) {
      const frame = this.agentFrames[index];
      if (!frame || frame.at < since) break;
      if (frame.rms > SPEECH_RMS_THRESHOLD) first = frame;
    }
    return first;
  }

  lastLoudAgentFrame(): ReceivedFrame | undefined {
    for (let index = this.agentFrames.length - 1; index >= 0; index -= 1) {
      const frame = this.agentFrames[index];
      if (frame && frame.rms > SPEECH_RMS_THRESHOLD) return frame;
    }
    return undefined;
  }

  transcriptsOf(who: 'user' | 'agent'): TranscriptSegment[] {
    const mine = this.room.localParticipant?.identity;
    return [...this.transcripts.values()].filter((segment) => (who === 'user') === (segment.identity === mine));
  }

  waitFor<T>(what: string, check: () => T | undefined | null | false, timeoutMs: number): Promise<T> {
    return waitFor(what, check, timeoutMs);
  }

  /** Waits until the agent has joined, subscribed to nothing yet maybe, and reports it is listening. */
  async waitForAgentListening(timeoutMs = 30_000): Promise<void> {
    await this.waitFor(
      'the agent to join and listen',
      () => [...this.room.remoteParticipants.values()].some((p) => p.kind === ParticipantKind.AGENT && p.attributes[ATTRIBUTE_AGENT_STATE] === 'listening'),
      timeoutMs,
    );
  }

  agentState(): string | undefined {
    const agent = [...this.room.remoteParticipants.values()].find((p) => p.kind === ParticipantKind.AGENT);
    return agent?.attributes[ATTRIBUTE_AGENT_STATE];
  }

  async leave(): Promise<void> {
    this.#pumping = false;
    this.#dropQueued('the user left before the speech was sent');
    try {
      await within('the room to disconnect', this.room.disconnect(), DISCONNECT_TIMEOUT_MS);
    } finally {
      await this.#source.close();
    }
  }
}
