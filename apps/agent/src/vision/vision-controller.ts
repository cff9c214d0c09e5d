import { llm, log } from '@livekit/agents';
import {
  ParticipantKind,
  RoomEvent,
  TrackKind,
  TrackSource,
  VideoStream,
  type RemoteParticipant,
  type RemoteTrack,
  type RemoteTrackPublication,
  type Room,
} from '@livekit/rtc-node';
import { ATTRIBUTE_AGENT_VIEWING, visionQuestionOf } from '@parley/protocol';
import { encodeFrameAsJpeg, type EncodedFrame } from './frame-encoder.js';
import { drainInto, LatestFrame } from './latest-frame.js';
import { hasChanged, lumaOf, signatureOf, type LumaSignature } from './luma.js';
import { DEFAULT_SAMPLING_POLICY, nextSampleDelayMs, type SamplingPolicy } from './sampling.js';
import { addImagesToLastUserMessage, compactVisionContextMessage, insertBeforeLastUserMessage, visionContextMessage, type SeenText, type Viewing } from './context-message.js';
import type { ScreenText, TextReader } from './screen-reader.js';

export type VisualSource = 'screen' | 'camera';

export interface VisionOptions {
  /** Attach the current frames as JPEG images to each request (only for image-capable LLMs). */
  attachImages: boolean;
  sampling: SamplingPolicy;
  /** Longest a turn waits for a fresh read of a screen that changed; older text is used after. */
  freshReadTimeoutMs: number;
  /** Least time between two reads of a screen that keeps changing (video, scrolling). */
  minReadGapMs: number;
  /** How often the job logs its vision statistics and memory. */
  statsIntervalMs: number;
  /**
   * For brains where each context token costs prefill time (a local model on a CPU): no context
   * message while nothing is shared, else one line saying what is shared; the text comes from
   * look_at_screen when the user asks about it, and the screen is not read in the background.
   */
  compactContext: boolean;
}

export const DEFAULT_VISION_OPTIONS: VisionOptions = {
  attachImages: false,
  sampling: DEFAULT_SAMPLING_POLICY,
  freshReadTimeoutMs: 3000,
  minReadGapMs: 1500,
  statsIntervalMs: 10_000,
  compactContext: false,
};

/** One subscribed video track the agent watches. */
interface WatchedTrack {
  source: VisualSource;
  trackSid: string;
  latest: LatestFrame;
  abort: AbortController;
  /** Signature of the previous sample, for "is the image changing" (sampling rate). */
  sampledSignature: LumaSignature | null;
  sampledSequence: number;
  lastChangeAt: number;
  /** What was last read, and from which frame. */
  seen: SeenText | null;
  readSignature: LumaSignature | null;
  readSequence: number;
  readAt: number;
  reading: Promise<void> | null;
  image: { sequence: number; encoded: Promise<EncodedFrame> } | null;
  wake: (() => void) | null;
}

interface VisionStats {
  framesReceived: number;
  samples: number;
  unchangedSkips: number;
  reads: number;
  readMs: number[];
  turns: number;
  turnWaitMs: number[];
}

/**
 * The agent's eyes. Watches the user's screen-share and camera tracks (only the newest frame of
 * each is kept), samples them adaptively, reads changed screens with OCR off the event loop, tells
 * the room what it is looking at (`parley.viewing`), and adds what it sees to each LLM request.
 */
export class VisionController {
  readonly #reader: TextReader;
  readonly #options: VisionOptions;
  readonly #watched = new Map<VisualSource, WatchedTrack>();
  readonly #logger = log().child({ module: 'vision' });
  #room: Room | null = null;
  #userSpeaking = false;
  #viewing: Viewing = '';
  #closed = false;
  #statsTimer: NodeJS.Timeout | null = null;
  #stats: VisionStats = { framesReceived: 0, samples: 0, unchangedSkips: 0, reads: 0, readMs: [], turns: 0, turnWaitMs: [] };
  #detach: (() => void)[] = [];

  constructor(reader: TextReader, options: Partial<VisionOptions> = {}) {
    this.#reader = reader;
    this.#options = { ...DEFAULT_VISION_OPTIONS, ...options };
  }

  /** Starts watching the room's video tracks; the user's speaking state comes through setUserSpeaking (conversation-pipeline.ts). */
  start(room: Room): void {
    this.#room = room;
    const onSubscribed = (track: RemoteTrack, publication: RemoteTrackPublication, participant: RemoteParticipant): void => {
      this.#watch(track, publication, participant);
    };
    const onUnsubscribed = (_track: RemoteTrack, publication: RemoteTrackPublication): void => {
      this.#unwatchTrack(publication.sid);
    };
    room.on(RoomEvent.TrackSubscribed, onSubscribed);
    room.on(RoomEvent.TrackUnsubscribed, onUnsubscribed);
    this.#detach.push(() => room.off(RoomEvent.TrackSubscribed, onSubscribed), () => room.off(RoomEvent.TrackUnsubscribed, onUnsubscribed));
    for (const participant of room.remoteParticipants.values()) {
      for (const publication of participant.trackPublications.values()) {
        if (publication.track) this.#watch(publication.track as RemoteTrack, publication, participant);
      }
    }
    this.#statsTimer = setInterval(() => this.#logStats(), this.#options.statsIntervalMs);
    this.#statsTimer.unref();
    void this.#publishViewing();
  }

  /** While the user speaks the screen is sampled about once a second: the question may be about it. */
  setUserSpeaking(speaking: boolean): void {
    this.#userSpeaking = speaking;
    if (speaking) for (const watched of this.#watched.values()) watched.wake?.();
  }

  get viewing(): Viewing {
    return this.#viewing;
  }

  /**
   * Adds what the agent sees to one LLM request: a context message with the screen text and its
   * layout, and (for image-capable LLMs) the current frames as JPEG on the user's message. Call it
   * where the request is built (the Agent's llmNode), so preemptive generation cannot drop it.
   * Waits at most `freshReadTimeoutMs` for a screen that changed since it was last read.
   */
  async attachToChatContext(chatCtx: llm.ChatContext): Promise<void> {
    const startedAt = performance.now();
    const screen = this.#watched.get('screen');
    const camera = this.#watched.get('camera');
    // The compact context carries no text, so it waits for no read.
    if (!this.#options.compactContext) {
      if (screen) await this.#ensureFresh(screen, this.#options.freshReadTimeoutMs);
      // Camera pictures change all the time, so camera text is read only when the user asks about it.
      if (camera && visionQuestionOf(lastUserText(chatCtx)) === 'camera') await this.#ensureFresh(camera, this.#options.freshReadTimeoutMs);
    }
    const message = this.#options.compactContext
      ? compactVisionContextMessage(this.#viewing)
      : visionContextMessage(this.#viewing, screen?.seen ?? null, camera?.seen ?? null);
    if (message) insertBeforeLastUserMessage(chatCtx, message);
    if (this.#options.attachImages) {
      const images = await this.#currentImages();
      addImagesToLastUserMessage(chatCtx, images);
    }
    const waitedMs = Math.round(performance.now() - startedAt);
    this.#stats.turns += 1;
    this.#stats.turnWaitMs.push(waitedMs);
    this.#logger.info({ waitedMs, viewing: this.#viewing, screenLines: screen?.seen?.read.lines.length ?? 0, images: this.#options.attachImages }, 'vision context attached');
  }

  /**
   * A fresh look, for the look_at_screen tool: reads the newest frame of `source` now, whether or
   * not it changed. Null when that source is not shared.
   */
  async lookNow(source: VisualSource = 'screen'): Promise<ScreenText | null> {
    const watched = this.#watched.get(source);
    if (!watched) return null;
    if (watched.reading) await watched.reading;
    const frame = watched.latest.frame;
    if (!frame) return watched.seen?.read ?? null;
    await this.#read(watched, watched.latest.sequence, watched.latest.receivedAt);
    return watched.seen?.read ?? null;
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#statsTimer) clearInterval(this.#statsTimer);
    for (const detach of this.#detach) detach();
    this.#detach = [];
    for (const watched of [...this.#watched.values()]) this.#stop(watched);
    this.#watched.clear();
    this.#logStats();
    // One job per process: the OCR worker thread goes with the job.
    await this.#reader.close().catch(() => undefined);
  }

  #watch(track: RemoteTrack, publication: RemoteTrackPublication, participant: RemoteParticipant): void {
    if (this.#closed || track.kind !== TrackKind.KIND_VIDEO || participant.kind === ParticipantKind.AGENT) return;
    const source = publication.source === TrackSource.SOURCE_SCREENSHARE ? 'screen' : publication.source === TrackSource.SOURCE_CAMERA ? 'camera' : null;
    const trackSid = publication.sid;
    if (source === null || trackSid === undefined) return;
    const previous = this.#watched.get(source);
    if (previous?.trackSid === trackSid) return;
    if (previous) this.#stop(previous);
    const watched: WatchedTrack = {
      source,
      trackSid,
      latest: new LatestFrame(),
      abort: new AbortController(),
      sampledSignature: null,
      sampledSequence: 0,
      lastChangeAt: 0,
      seen: null,
      readSignature: null,
      readSequence: 0,
      readAt: 0,
      reading: null,
      image: null,
      wake: null,
    };
    this.#watched.set(source, watched);
    this.#logger.info({ source, trackSid, participant: participant.identity }, 'watching video track');
    const stream = new VideoStream(track);
    void drainInto(stream, watched.latest, watched.abort.signal).then(() => {
      if (this.#watched.get(source) === watched) this.#unwatchTrack(trackSid);
    });
    void this.#sampleLoop(watched);
    void this.#publishViewing();
  }

  #unwatchTrack(trackSid: string | undefined): void {
    for (const [source, watched] of this.#watched) {
      if (watched.trackSid !== trackSid) continue;
      this.#stop(watched);
      this.#watched.delete(source);
      this.#logger.info({ source, trackSid }, 'stopped watching video track');
    }
    void this.#publishViewing();
  }

  #stop(watched: WatchedTrack): void {
    this.#stats.framesReceived += watched.latest.framesSeen;
    watched.abort.abort();
    watched.latest.clear();
    watched.wake?.();
  }

  async #sampleLoop(watched: WatchedTrack): Promise<void> {
    const { signal } = watched.abort;
    while (!signal.aborted) {
      const delayMs = nextSampleDelayMs({ now: Date.now(), userSpeaking: this.#userSpeaking, lastChangeAt: watched.lastChangeAt }, this.#options.sampling);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, delayMs);
        function done(): void {
          clearTimeout(timer);
          watched.wake = null;
          resolve();
        }
        watched.wake = done;
      });
      if (signal.aborted) return;
      try {
        await this.#sample(watched);
      } catch (error) {
        this.#logger.warn({ source: watched.source, error: String(error) }, 'sampling a frame failed');
      }
    }
  }

  /** Looks at the newest frame: notes whether the image changes, reads the screen if it did. */
  async #sample(watched: WatchedTrack): Promise<void> {
    const { frame, sequence, receivedAt } = watched.latest;
    if (frame === null || sequence === watched.sampledSequence) return;
    this.#stats.samples += 1;
    watched.sampledSequence = sequence;
    const signature = signatureOf(lumaOf(frame));
    const now = Date.now();
    if (hasChanged(watched.sampledSignature, signature)) watched.lastChangeAt = now;
    watched.sampledSignature = signature;
    // Only the screen is read continuously; camera text is read when asked for (look_at_screen).
    // A compact context carries no text: reading in the background would only take CPU from a local model.
    if (watched.source !== 'screen' || watched.reading || this.#options.compactContext) return;
    const differsFromRead = hasChanged(watched.readSignature, signature);
    const stale = now - watched.readAt > this.#options.sampling.refreshAfterMs;
    if (!differsFromRead && !stale) {
      this.#stats.unchangedSkips += 1;
      return;
    }
    if (now - watched.readAt < this.#options.minReadGapMs) return;
    await this.#read(watched, sequence, receivedAt);
  }

  /** Waits (bounded) until the screen text matches the newest frame. */
  async #ensureFresh(watched: WatchedTrack, timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    const withinDeadline = async (work: Promise<void>): Promise<void> => {
      const left = deadline - performance.now();
      if (left <= 0) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, left)))]);
      clearTimeout(timer);
    };
    if (watched.reading) await withinDeadline(watched.reading);
    const { frame, sequence, receivedAt } = watched.latest;
    if (frame === null || sequence === watched.readSequence) return;
    if (watched.seen !== null && !hasChanged(watched.readSignature, signatureOf(lumaOf(frame)))) return;
    if (watched.reading) {
      await withinDeadline(watched.reading);
      return;
    }
    await withinDeadline(this.#read(watched, sequence, receivedAt));
  }

  /** Reads the frame now held for `watched`; one read per track at a time. */
  #read(watched: WatchedTrack, sequence: number, receivedAt: number): Promise<void> {
    const frame = watched.latest.frame;
    if (frame === null) return Promise.resolve();
    const luma = lumaOf(frame);
    const signature = signatureOf(luma);
    watched.readAt = Date.now();
    const reading = this.#reader.read(luma).then(
      (read) => {
        watched.seen = { read, capturedAt: receivedAt };
        watched.readSignature = signature;
        watched.readSequence = sequence;
        this.#stats.reads += 1;
        this.#stats.readMs.push(read.durationMs);
        this.#logger.info({ source: watched.source, durationMs: read.durationMs, lines: read.lines.length, width: read.imageWidth, height: read.imageHeight }, 'screen read');
      },
      (error: unknown) => {
        this.#logger.warn({ source: watched.source, error: String(error) }, 'reading the screen failed');
      },
    );
    const tracked = reading.finally(() => {
      if (watched.reading === tracked) watched.reading = null;
    });
    watched.reading = tracked;
    return tracked;
  }

  async #currentImages(): Promise<llm.ImageContent[]> {
    const images: llm.ImageContent[] = [];
    for (const watched of this.#watched.values()) {
      const { frame, sequence } = watched.latest;
      if (frame === null) continue;
      if (watched.image?.sequence !== sequence) watched.image = { sequence, encoded: encodeFrameAsJpeg(frame) };
      try {
        const encoded = await watched.image.encoded;
        images.push(llm.createImageContent({ image: encoded.dataUrl, mimeType: 'image/jpeg', inferenceWidth: encoded.width, inferenceHeight: encoded.height }));
      } catch (error) {
        watched.image = null;
        this.#logger.warn({ source: watched.source, error: String(error) }, 'encoding a frame failed');
      }
    }
    return images;
  }

  async #publishViewing(): Promise<void> {
    const screen = this.#watched.has('screen');
    const camera = this.#watched.has('camera');
    const viewing: Viewing = screen && camera ? 'screen+camera' : screen ? 'screen' : camera ? 'camera' : '';
    const changed = viewing !== this.#viewing;
    this.#viewing = viewing;
    const local = this.#room?.localParticipant;
    if (!local || (!changed && local.attributes[ATTRIBUTE_AGENT_VIEWING] !== undefined) || this.#closed) return;
    try {
      await local.setAttributes({ [ATTRIBUTE_AGENT_VIEWING]: viewing });
    } catch (error) {
      this.#logger.warn({ error: String(error) }, 'could not publish what the agent is viewing');
    }
  }

  #logStats(): void {
    const stats = this.#stats;
    let framesReceived = stats.framesReceived;
    for (const watched of this.#watched.values()) framesReceived += watched.latest.framesSeen;
    const memory = process.memoryUsage();
    this.#logger.info(
      {
        pid: process.pid,
        viewing: this.#viewing,
        framesReceived,
        samples: stats.samples,
        unchangedSkips: stats.unchangedSkips,
        reads: stats.reads,
        readMsMedian: median(stats.readMs),
        readMsLast: stats.readMs.at(-1) ?? null,
        turns: stats.turns,
        turnWaitMsMedian: median(stats.turnWaitMs),
        rssMb: Math.round(memory.rss / 1e6),
        heapUsedMb: Math.round(memory.heapUsed / 1e6),
        externalMb: Math.round(memory.external / 1e6),
      },
      'vision stats',
    );
    // Keep the sample windows bounded over a long session.
    if (stats.readMs.length > 200) stats.readMs.splice(0, stats.readMs.length - 200);
    if (stats.turnWaitMs.length > 200) stats.turnWaitMs.splice(0, stats.turnWaitMs.length - 200);
  }
}

function lastUserText(chatCtx: llm.ChatContext): string {
  for (let index = chatCtx.items.length - 1; index >= 0; index -= 1) {
    const item = chatCtx.items[index];
    if (item?.type === 'message' && item.role === 'user') return item.textContent ?? '';
  }
  return '';
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? null;
}
