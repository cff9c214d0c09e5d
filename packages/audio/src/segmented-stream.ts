import { type APIConnectOptions, stt, type VAD, type VADEvent, type VADStream } from '@livekit/agents';
import { AudioFrame } from '@livekit/rtc-node';
import type { EngineLogger } from './engine-logger.js';
import { PcmRing, SPEECH_SAMPLE_RATE, To16kMono } from './pcm.js';

/** What a recognizer made of one utterance. */
export interface UtteranceResult {
  /** The transcript; its text may be empty (no words heard). */
  data: stt.SpeechData;
  /** Seconds of audio the recognizer processed, for RECOGNITION_USAGE. */
  audioDuration: number;
}

/**
 * The input side of a local recognizer that cuts its audio into utterances with a VAD: the
 * framework's frames become 16 kHz mono in a ring of absolute sample indices, each piece also
 * goes to a VAD stream of its own, and the VAD's events reach the recognizer with their position
 * in the ring. A flush (the framework's end of a turn) ends the utterance in progress and
 * restarts the VAD's sample counter. Segment starts and ends run one after another through
 * `schedule`, so each utterance's events stay together, and `endUtterance` emits what ends one.
 */
export abstract class VadSegmentedStream extends stt.SpeechStream {
  protected readonly ring: PcmRing;
  readonly #sttImpl: stt.STT;
  readonly #vad: VAD;
  readonly #conv = new To16kMono();
  readonly #logger: EngineLogger;
  #vadStream: VADStream | undefined;
  /** Absolute ring index where the VAD's sample counter was last reset (by a flush). */
  #vadBase = 0;
  #serial: Promise<void> = Promise.resolve();

  protected constructor(sttImpl: stt.STT, vad: VAD, ringSamples: number, logger: EngineLogger, connOptions?: APIConnectOptions) {
    super(sttImpl, undefined, connOptions);
    this.#sttImpl = sttImpl;
    this.#vad = vad;
    this.ring = new PcmRing(ringSamples);
    this.#logger = logger;
  }

  /** A VAD event, with the absolute ring index it refers to. */
  protected abstract onVadEvent(event: VADEvent, at: number): void;
  /** Ends the utterance in progress, if any: at a flush and when the input ends. */
  protected abstract endSegmentNow(): Promise<void>;
  /** Audio just written to the ring (16 kHz mono), before the VAD sees it. */
  protected onAudio(_pcm: Int16Array): void {}
  /** Releases what the recognizer holds when the stream stops: closed, or its input ended. */
  protected onStop(): void {}

  protected put(event: stt.SpeechEvent): void {
    if (!this.queue.closed) this.queue.put(event);
  }

  /**
   * Ends an utterance: runs its recognition, then emits FINAL_TRANSCRIPT (when there are words),
   * END_OF_SPEECH (always, so the turn can end) and RECOGNITION_USAGE (when the recognizer
   * answered). A failed recognition is logged with `failureMessage` and reported as a
   * recoverable stt_error; nothing is emitted when the stream was aborted meanwhile.
   * `speechEndTime` defaults to when the recognition ended.
   */
  protected async endUtterance<R extends UtteranceResult>(requestId: string, speechEndTime: number | undefined, recognize: () => Promise<R>, failureMessage: string): Promise<R | null> {
    let result: R | null = null;
    try {
      result = await recognize();
    } catch (e) {
      if (this.abortSignal.aborted) return null;
      const error = e instanceof Error ? e : new Error(String(e));
      this.#logger.warn({ error: error.message }, failureMessage);
      this.#sttImpl.emit('error', { type: 'stt_error', timestamp: Date.now(), label: this.#sttImpl.label, error, recoverable: true });
    }
    const endTime = speechEndTime ?? Date.now();
    const data = result?.data.text ? result.data : null;
    if (data) this.put({ type: stt.SpeechEventType.FINAL_TRANSCRIPT, requestId, speechEndTime: endTime, alternatives: [data] });
    this.put({ type: stt.SpeechEventType.END_OF_SPEECH, requestId, speechEndTime: endTime, ...(data ? { alternatives: [data] as [stt.SpeechData] } : {}) });
    if (result) this.put({ type: stt.SpeechEventType.RECOGNITION_USAGE, requestId, recognitionUsage: { audioDuration: result.audioDuration } });
    return result;
  }

  protected schedule(task: () => Promise<void> | void): Promise<void> {
    const next = this.#serial.then(task).catch((error: unknown) => {
      this.#logger.error({ error: error instanceof Error ? error.message : String(error) }, 'speech segment task failed');
    });
    this.#serial = next;
    return next;
  }

  protected async run(): Promise<void> {
    const vadStream = this.#vad.stream();
    this.#vadStream = vadStream;
    const vadTask = this.#consumeVad(vadStream);
    try {
      for await (const item of this.input) {
        if (this.abortSignal.aborted) break;
        if (item === stt.SpeechStream.FLUSH_SENTINEL) {
          for (const pcm of this.#conv.flush()) this.#write(pcm, vadStream);
          await this.schedule(() => this.endSegmentNow());
          this.#vadBase = this.ring.end;
          try {
            vadStream.flush();
          } catch {
            // the VAD stream is already closed
          }
          continue;
        }
        for (const pcm of this.#conv.push(item)) this.#write(pcm, vadStream);
      }
      if (!this.abortSignal.aborted) {
        for (const pcm of this.#conv.flush()) this.#write(pcm, vadStream);
        await this.schedule(() => this.endSegmentNow());
      }
    } finally {
      this.onStop();
      this.#closeVad();
      this.#conv.close();
      await vadTask;
    }
  }

  override close(): void {
    this.onStop();
    super.close();
    this.#closeVad();
  }

  /** VADStream.endInput() is broken for inference.VAD in agents 1.9.0 (locked writable), so the VAD stream is only ever closed. */
  #closeVad(): void {
    const vadStream = this.#vadStream;
    this.#vadStream = undefined;
    try {
      vadStream?.close();
    } catch {
      // already closed
    }
  }

  #write(pcm: Int16Array, vadStream: VADStream): void {
    if (pcm.length === 0) return;
    this.ring.write(pcm);
    this.onAudio(pcm);
    try {
      vadStream.pushFrame(new AudioFrame(pcm, SPEECH_SAMPLE_RATE, 1, pcm.length));
    } catch {
      // the VAD stream closed during shutdown
    }
  }

  async #consumeVad(vadStream: VADStream): Promise<void> {
    try {
      for await (const event of vadStream) {
        if (this.abortSignal.aborted) break;
        this.onVadEvent(event, this.#vadBase + event.samplesIndex);
      }
    } catch (error) {
      if (!this.abortSignal.aborted) this.#logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'VAD stream failed');
    }
  }
}
