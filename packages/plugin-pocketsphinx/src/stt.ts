import { resolve } from 'node:path';
import {
  type APIConnectOptions,
  type AudioBuffer,
  createTimedString,
  type LanguageCode,
  normalizeLanguage,
  stt,
  type VAD,
  type VADEvent,
  VADEventType,
} from '@livekit/agents';
import { type EngineLogger, SPEECH_SAMPLE_RATE as PS_SAMPLE_RATE, VadSegmentedStream, bufferTo16kMono, engineLogger } from '@parley/audio';
import { DEFAULT_MODEL_PATHS, type ModelPaths, checkInstallation } from './paths.js';
import { PsPool, PsUtterance } from './pool.js';
import type { PsFinalResult } from './process.js';

export interface PocketSphinxSTTOptions {
  /**
   * VAD used to segment the stream into utterances (e.g. the session's Silero `inference.VAD`).
   * Required for `stream()`; `recognize()` works without it.
   */
  vad?: VAD;
  /**
   * The recognizer binary (`parley-ps-stream`). Given by the caller, which owns the settings and
   * the state folder (the agent: PARLEY_PS_STREAM_BIN, else `<state>/bin/parley-ps-stream`).
   */
  binaryPath: string;
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
  logger?: EngineLogger;
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
  readonly #logger: EngineLogger;
  #requests = 0;

  constructor(opts: PocketSphinxSTTOptions) {
    super({ streaming: true, interimResults: (opts.interimIntervalMs ?? 200) > 0 });
    const binary = resolve(opts.binaryPath);
    const model: ModelPaths = { ...DEFAULT_MODEL_PATHS, ...opts.model };
    checkInstallation(binary, model);
    this.#logger = opts.logger ?? engineLogger('pocketsphinx');
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
  get _logger(): EngineLogger {
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
export class PocketSphinxSpeechStream extends VadSegmentedStream {
  label = 'pocketsphinx.SpeechStream';
  readonly #stt: PocketSphinxSTT;
  readonly #preRollSamples: number;
  #segment?: ActiveSegment;

  constructor(sttImpl: PocketSphinxSTT, vad: VAD, preRollMs: number, connOptions?: APIConnectOptions) {
    const preRollSamples = Math.round(preRollMs * MS);
    super(sttImpl, vad, preRollSamples + RING_SLACK_MS * MS, sttImpl._logger, connOptions);
    this.#stt = sttImpl;
    this.#preRollSamples = preRollSamples;
  }

  protected override onAudio(pcm: Int16Array): void {
    this.#segment?.utt.push(pcm);
  }

  protected override onStop(): void {
    this.#segment?.utt.cancel();
    this.#segment = undefined;
  }

  protected override endSegmentNow(): Promise<void> {
    return this.#endSegment(undefined);
  }

  protected override onVadEvent(event: VADEvent, at: number): void {
    if (event.type === VADEventType.START_OF_SPEECH) {
      void this.schedule(() => this.#startSegment(event, at));
    } else if (event.type === VADEventType.END_OF_SPEECH) {
      const speechEndTime = Date.now() - event.silenceDuration - event.inferenceDuration;
      void this.schedule(() => this.#endSegment(speechEndTime));
    }
  }

  #startSegment(ev: VADEvent, reported: number): void {
    if (this.#segment || this.abortSignal.aborted) return;
    const end = this.ring.end;
    const speechSamples = Math.max(0, Math.round(ev.speechDuration * MS));
    // samplesIndex is at 16 kHz for inference.VAD when fed 16 kHz audio; fall back to "now" otherwise.
    const detectedAt = ev.samplesIndex > 0 && reported <= end ? reported : end;
    const startSample = Math.max(this.ring.start, detectedAt - speechSamples - this.#preRollSamples);
    const requestId = this.#stt._nextRequestId();
    const segmentStart = this.startTimeOffset + startSample / PS_SAMPLE_RATE;
    const utt = new PsUtterance(this.#stt._pool, (p) => {
      if (this.#segment?.utt !== utt) return;
      this.put({
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
    utt.push(this.ring.readFrom(startSample));
    this.#segment = { utt, startSample, requestId };
    this.put({ type: stt.SpeechEventType.START_OF_SPEECH, requestId });
  }

  async #endSegment(speechEndTime: number | undefined): Promise<void> {
    const seg = this.#segment;
    if (!seg) return;
    this.#segment = undefined;
    const segmentStart = this.startTimeOffset + seg.startSample / PS_SAMPLE_RATE;
    await this.endUtterance(
      seg.requestId,
      speechEndTime,
      async () => {
        const res = await seg.utt.finish();
        this.#stt._logger.debug({ text: res.text, decodeMs: res.decodeMs, audioMs: res.audioMs, wallMs: res.finalizeWallMs }, 'pocketsphinx final');
        return { data: this.#stt._speechData(res, segmentStart), audioDuration: seg.utt.samples / PS_SAMPLE_RATE };
      },
      'pocketsphinx utterance failed; no transcript for it',
    );
  }
}
