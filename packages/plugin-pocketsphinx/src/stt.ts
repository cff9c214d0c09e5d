import {
  type APIConnectOptions,
  type AudioBuffer,
  createTimedString,
  type LanguageCode,
  log,
  normalizeLanguage,
  stt,
  type VAD,
  type VADEvent,
  VADEventType,
  type VADStream,
} from '@livekit/agents';
import { AudioFrame } from '@livekit/rtc-node';
import { PcmRing, SPEECH_SAMPLE_RATE as PS_SAMPLE_RATE, To16kMono, bufferTo16kMono } from '@parley/audio';
import { DEFAULT_MODEL_PATHS, type ModelPaths, checkInstallation, resolveBinaryPath } from './paths.js';
import { PsPool, PsUtterance } from './pool.js';
import type { PsFinalResult, PsLogger } from './process.js';

export interface PocketSphinxSTTOptions {
  /**
   * VAD used to segment the stream into utterances (e.g. the session's Silero `inference.VAD`).
   * Required for `stream()`; `recognize()` works without it.
   */
  vad?: VAD;
  /** Recognizer binary. Default: `$PARLEY_PS_STREAM_BIN`, else `<repo>/.parley/bin/parley-ps-stream`. */
  binaryPath?: string;
  /** Model files; defaults to Debian's `pocketsphinx-en-us` (`/usr/share/pocketsphinx/model/en-us`). */
  model?: Partial<ModelPaths>;
  /** Language code reported in SpeechData. Default 'en'. */
  language?: string;
  /** Audio (ms) between interim hypotheses. Default 200; 0 disables interim results. */
  interimIntervalMs?: number;
  /** Audio kept before VAD START_OF_SPEECH and fed first. Default 400 ms. */
  preRollMs?: number;
  /** Compute posterior confidence at end of utterance (costs a few ms). Default true. */
  confidence?: boolean;
  /**
   * Skip PocketSphinx's second (flat-lexicon) pass: finalization drops from ~50 ms to ~10 ms
   * at some accuracy cost. Default false.
   */
  fastFinalize?: boolean;
  /** Extra raw pocketsphinx arguments, e.g. `['-beam', '1e-60']`. */
  decoderArgs?: string[];
  /** Maximum recognizer processes (concurrent utterances). Default 2. */
  maxProcesses?: number;
  /** Start a recognizer right away so the first utterance does not pay the model load. Default false. */
  prewarm?: boolean;
  /** Base time allowed for a final result (utterance duration is added). Default 5000 ms. */
  finalTimeoutMs?: number;
  /** Logger; defaults to the @livekit/agents logger (console when it is not initialized). */
  logger?: PsLogger;
}

function defaultLogger(): PsLogger {
  const call = (level: 'debug' | 'info' | 'warn' | 'error', obj: object, msg?: string): void => {
    let logger: ReturnType<typeof log> | undefined;
    try {
      logger = log();
    } catch {
      logger = undefined;
    }
    const o = { plugin: 'pocketsphinx', ...obj };
    if (logger) logger[level](o, msg);
    else if (level === 'warn' || level === 'error') console[level](`[pocketsphinx] ${msg ?? ''}`, o);
  };
  return {
    debug: (o, m) => call('debug', o, m),
    info: (o, m) => call('info', o, m),
    warn: (o, m) => call('warn', o, m),
    error: (o, m) => call('error', o, m),
  };
}

interface ResolvedOptions {
  vad?: VAD;
  language: LanguageCode;
  preRollMs: number;
}

/** Local speech-to-text on CMU PocketSphinx, decoded incrementally by a long-lived process. */
export class PocketSphinxSTT extends stt.STT {
  label = 'pocketsphinx.STT';
  readonly #opts: ResolvedOptions;
  readonly #pool: PsPool;
  readonly #logger: PsLogger;
  #requests = 0;

  constructor(opts: PocketSphinxSTTOptions = {}) {
    super({ streaming: true, interimResults: (opts.interimIntervalMs ?? 200) > 0 });
    const binary = resolveBinaryPath(opts.binaryPath);
    const model: ModelPaths = { ...DEFAULT_MODEL_PATHS, ...opts.model };
    checkInstallation(binary, model);
    this.#logger = opts.logger ?? defaultLogger();
    this.#opts = {
      vad: opts.vad,
      language: normalizeLanguage(opts.language ?? 'en'),
      preRollMs: Math.max(0, opts.preRollMs ?? 400),
    };
    const decoderArgs = [...(opts.fastFinalize ? ['-fwdflat', 'no'] : []), ...(opts.decoderArgs ?? [])];
    this.#pool = new PsPool(
      {
        binary,
        model,
        partialIntervalMs: Math.max(0, opts.interimIntervalMs ?? 200),
        confidence: opts.confidence ?? true,
        decoderArgs,
        finalTimeoutMs: opts.finalTimeoutMs ?? 5000,
        readyTimeoutMs: 30000,
        logger: this.#logger,
      },
      opts.maxProcesses ?? 2,
    );
    if (opts.prewarm) {
      this.prewarm().catch((e: unknown) =>
        this.#logger.error({ err: e instanceof Error ? e.message : String(e) }, 'pocketsphinx prewarm failed'),
      );
    }
  }

  override get model(): string {
    return 'pocketsphinx-en-us';
  }

  override get provider(): string {
    return 'pocketsphinx';
  }

  /** Starts a recognizer process now and resolves once its model is loaded (~0.4 s). */
  prewarm(): Promise<void> {
    return this.#pool.prewarm();
  }

  /** @internal */
  get _pool(): PsPool {
    return this.#pool;
  }

  /** @internal */
  get _language(): LanguageCode {
    return this.#opts.language;
  }

  /** @internal */
  get _logger(): PsLogger {
    return this.#logger;
  }

  /** @internal */
  _nextRequestId(): string {
    this.#requests += 1;
    return `pocketsphinx-${this.#requests}`;
  }

  /** @internal */
  _speechData(res: PsFinalResult, startTime: number): stt.SpeechData {
    const first = res.words[0];
    const last = res.words[res.words.length - 1];
    const words = res.words.map((w) =>
      createTimedString({
        text: w.word,
        startTime: startTime + w.startMs / 1000,
        endTime: startTime + w.endMs / 1000,
      }),
    );
    return {
      language: this.#opts.language,
      text: res.text,
      startTime: first ? startTime + first.startMs / 1000 : startTime,
      endTime: last ? startTime + last.endMs / 1000 : startTime + res.audioMs / 1000,
      confidence: res.confidence,
      words,
      metadata: {
        decodeMs: res.decodeMs,
        processMs: res.processMs,
        audioMs: res.audioMs,
        finalizeWallMs: res.finalizeWallMs,
        realTimeFactor: res.audioMs > 0 ? (res.processMs + res.decodeMs) / res.audioMs : 0,
      },
    };
  }

  protected async _recognize(buffer: AudioBuffer, abortSignal?: AbortSignal): Promise<stt.SpeechEvent> {
    const frames = Array.isArray(buffer) ? buffer : [buffer];
    const pcm = bufferTo16kMono(frames);
    const utt = new PsUtterance(this.#pool, () => undefined);
    const chunk = PS_SAMPLE_RATE / 10;
    for (let i = 0; i < pcm.length; i += chunk) utt.push(pcm.slice(i, i + chunk));
    const onAbort = (): void => utt.cancel();
    abortSignal?.addEventListener('abort', onAbort, { once: true });
    try {
      if (abortSignal?.aborted) utt.cancel();
      const res = await utt.finish();
      return {
        type: stt.SpeechEventType.FINAL_TRANSCRIPT,
        requestId: this._nextRequestId(),
        alternatives: [this._speechData(res, 0)],
      };
    } finally {
      abortSignal?.removeEventListener('abort', onAbort);
    }
  }

  stream(options?: { connOptions?: APIConnectOptions }): PocketSphinxSpeechStream {
    const vad = this.#opts.vad;
    if (!vad) {
      throw new Error(
        'PocketSphinxSTT.stream() needs a VAD: pass `vad` (e.g. the session inference.VAD) to the constructor',
      );
    }
    return new PocketSphinxSpeechStream(this, vad, this.#opts.preRollMs, options?.connOptions);
  }

  override async close(): Promise<void> {
    await this.#pool.close();
  }
}

interface ActiveSegment {
  utt: PsUtterance;
  /** Absolute 16 kHz sample index of the first sample sent. */
  startSample: number;
  requestId: string;
}

const MS = PS_SAMPLE_RATE / 1000;
/** Extra history kept beyond the pre-roll, covering VAD detection lag and finalization of the previous utterance. */
const RING_SLACK_MS = 3000;

/**
 * Streaming recognition: a VAD stream runs alongside; each VAD speech segment is one
 * PocketSphinx utterance, decoded incrementally while the user speaks.
 */
export class PocketSphinxSpeechStream extends stt.SpeechStream {
  label = 'pocketsphinx.SpeechStream';
  readonly #stt: PocketSphinxSTT;
  readonly #vad: VAD;
  readonly #preRollSamples: number;
  readonly #ring: PcmRing;
  readonly #conv = new To16kMono();
  #vadStream?: VADStream;
  /** Absolute sample index where the VAD's sample counter was last reset (flush). */
  #vadBase = 0;
  #segment?: ActiveSegment;
  #serial: Promise<void> = Promise.resolve();

  constructor(sttImpl: PocketSphinxSTT, vad: VAD, preRollMs: number, connOptions?: APIConnectOptions) {
    super(sttImpl, undefined, connOptions);
    this.#stt = sttImpl;
    this.#vad = vad;
    this.#preRollSamples = Math.round(preRollMs * MS);
    this.#ring = new PcmRing(this.#preRollSamples + RING_SLACK_MS * MS);
  }

  #put(ev: stt.SpeechEvent): void {
    if (!this.queue.closed) this.queue.put(ev);
  }

  /** Runs `fn` after every previously scheduled segment operation. */
  #schedule(fn: () => Promise<void> | void): Promise<void> {
    const next = this.#serial.then(fn).catch((e: unknown) => {
      this.#stt._logger.error({ err: e instanceof Error ? e.message : String(e) }, 'pocketsphinx segment task failed');
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
          for (const pcm of this.#conv.flush()) this.#onAudio(pcm, vadStream);
          await this.#schedule(() => this.#endSegment(undefined));
          this.#vadBase = this.#ring.end;
          try {
            vadStream.flush();
          } catch {
            // VAD stream already closed
          }
          continue;
        }
        for (const pcm of this.#conv.push(item)) this.#onAudio(pcm, vadStream);
      }
      if (!this.abortSignal.aborted) {
        for (const pcm of this.#conv.flush()) this.#onAudio(pcm, vadStream);
        await this.#schedule(() => this.#endSegment(undefined));
      }
    } finally {
      this.#segment?.utt.cancel();
      this.#segment = undefined;
      this.#closeVad();
      this.#conv.close();
      await vadTask;
    }
  }

  #closeVad(): void {
    const v = this.#vadStream;
    this.#vadStream = undefined;
    if (!v) return;
    // Note: VADStream.endInput() is broken for inference.VAD in agents 1.9.0 (locked writable,
    // unhandled rejection), so the stream is only ever closed.
    try {
      v.close();
    } catch {
      // already closed
    }
  }

  #onAudio(pcm: Int16Array, vadStream: VADStream): void {
    if (pcm.length === 0) return;
    this.#ring.write(pcm);
    this.#segment?.utt.push(pcm);
    try {
      vadStream.pushFrame(new AudioFrame(pcm, PS_SAMPLE_RATE, 1, pcm.length));
    } catch {
      // VAD stream closed during shutdown
    }
  }

  async #consumeVad(vadStream: VADStream): Promise<void> {
    try {
      for await (const ev of vadStream) {
        if (this.abortSignal.aborted) break;
        if (ev.type === VADEventType.START_OF_SPEECH) {
          void this.#schedule(() => this.#startSegment(ev));
        } else if (ev.type === VADEventType.END_OF_SPEECH) {
          const speechEndTime = Date.now() - ev.silenceDuration - ev.inferenceDuration;
          void this.#schedule(() => this.#endSegment(speechEndTime));
        }
      }
    } catch (e) {
      if (!this.abortSignal.aborted) {
        this.#stt._logger.warn({ err: e instanceof Error ? e.message : String(e) }, 'VAD stream failed');
      }
    }
  }

  #startSegment(ev: VADEvent): void {
    if (this.#segment || this.abortSignal.aborted) return;
    const end = this.#ring.end;
    const speechSamples = Math.max(0, Math.round(ev.speechDuration * MS));
    const reported = this.#vadBase + ev.samplesIndex;
    // samplesIndex is at 16 kHz for inference.VAD when fed 16 kHz audio; fall back to "now" otherwise.
    const detectedAt = ev.samplesIndex > 0 && reported <= end ? reported : end;
    const startSample = Math.max(this.#ring.start, detectedAt - speechSamples - this.#preRollSamples);
    const requestId = this.#stt._nextRequestId();
    const segmentStart = this.startTimeOffset + startSample / PS_SAMPLE_RATE;
    const utt = new PsUtterance(this.#stt._pool, (p) => {
      if (this.#segment?.utt !== utt) return;
      this.#put({
        type: stt.SpeechEventType.INTERIM_TRANSCRIPT,
        requestId,
        alternatives: [
          {
            language: this.#stt._language,
            text: p.text,
            startTime: segmentStart,
            endTime: segmentStart + p.audioMs / 1000,
            confidence: 0,
          },
        ],
      });
    });
    utt.push(this.#ring.readFrom(startSample));
    this.#segment = { utt, startSample, requestId };
    this.#put({ type: stt.SpeechEventType.START_OF_SPEECH, requestId });
  }

  async #endSegment(speechEndTime: number | undefined): Promise<void> {
    const seg = this.#segment;
    if (!seg) return;
    this.#segment = undefined;
    const segmentStart = this.startTimeOffset + seg.startSample / PS_SAMPLE_RATE;
    let data: stt.SpeechData | undefined;
    try {
      const res = await seg.utt.finish();
      data = this.#stt._speechData(res, segmentStart);
      this.#stt._logger.debug(
        { text: res.text, decodeMs: res.decodeMs, audioMs: res.audioMs, wallMs: res.finalizeWallMs },
        'pocketsphinx final',
      );
    } catch (e) {
      if (this.abortSignal.aborted) return;
      const error = e instanceof Error ? e : new Error(String(e));
      this.#stt._logger.warn({ err: error.message }, 'pocketsphinx utterance failed; no transcript for it');
      this.#stt.emit('error', {
        type: 'stt_error',
        timestamp: Date.now(),
        label: this.#stt.label,
        error,
        recoverable: true,
      });
    }
    const endTime = speechEndTime ?? Date.now();
    if (data && data.text) {
      this.#put({
        type: stt.SpeechEventType.FINAL_TRANSCRIPT,
        requestId: seg.requestId,
        speechEndTime: endTime,
        alternatives: [data],
      });
    }
    this.#put({
      type: stt.SpeechEventType.END_OF_SPEECH,
      requestId: seg.requestId,
      speechEndTime: endTime,
      ...(data && data.text ? { alternatives: [data] as [stt.SpeechData] } : {}),
    });
    if (data) {
      this.#put({
        type: stt.SpeechEventType.RECOGNITION_USAGE,
        requestId: seg.requestId,
        recognitionUsage: { audioDuration: seg.utt.samples / PS_SAMPLE_RATE },
      });
    }
  }

  override close(): void {
    this.#segment?.utt.cancel();
    this.#segment = undefined;
    super.close();
    this.#closeVad();
  }
}
