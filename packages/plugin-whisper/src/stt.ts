import { type APIConnectOptions, type AudioBuffer, type LanguageCode, normalizeLanguage, stt, type VAD } from '@livekit/agents';
import { bufferTo16kMono, type EngineLogger, engineLogger } from '@parley/audio';
import { WhisperSpeechStream } from './stream.js';
import { FINAL_WINDOW_S, MIN_WINDOW_S, type Transcript, type WhisperBackend, WhisperTranscriber } from './transcriber.js';

/** Run Whisper in a worker process of this process. */
export interface OwnWorkerOptions {
  /** Python interpreter whose environment has CTranslate2 and faster-whisper. */
  python: string;
  /** Folder of a CTranslate2 Whisper model (model.bin, tokenizer.json, …). */
  modelDir: string;
  /** CPU threads of the recognizer. Default 2. */
  threads?: number;
}

export type WhisperSTTOptions = (OwnWorkerOptions | { backend: WhisperBackend }) & {
  /** Segments the stream into utterances; the session's VAD. */
  vad: VAD;
  /** Default 'en'. */
  language?: string;
  /** Speech (ms) between interim passes while the user talks; 0 turns interim results off. Default 1500. */
  interimIntervalMs?: number;
  /**
   * Encoder window (s) of final decodes, 10–30; longer audio gets a larger window. The encoder's
   * cost is set by the window, not the audio, so a short window answers sooner. Default 30.
   */
  finalWindowS?: number;
  logger?: EngineLogger;
};

/**
 * Local speech-to-text with OpenAI's Whisper (CTranslate2, int8) in a long-lived worker process.
 * Whisper is not a streaming model: the stream cuts utterances with the VAD, starts decoding as
 * soon as the user falls silent (so the final is mostly ready when the VAD confirms the end),
 * and runs cheaper interim passes while the user speaks.
 */
export class WhisperSTT extends stt.STT {
  label = 'whisper.STT';
  readonly #transcriber: WhisperBackend;
  readonly #vad: VAD;
  readonly #language: LanguageCode;
  readonly #interimIntervalMs: number;
  readonly #finalWindowS: number;
  readonly #logger: EngineLogger;
  #requests = 0;

  constructor(options: WhisperSTTOptions) {
    const interimIntervalMs = Math.max(0, options.interimIntervalMs ?? 1500);
    super({ streaming: true, interimResults: interimIntervalMs > 0 });
    this.#logger = options.logger ?? engineLogger('whisper');
    this.#language = normalizeLanguage(options.language ?? 'en');
    this.#vad = options.vad;
    this.#interimIntervalMs = interimIntervalMs;
    this.#finalWindowS = Math.round(Math.min(FINAL_WINDOW_S, Math.max(MIN_WINDOW_S, options.finalWindowS ?? FINAL_WINDOW_S)));
    this.#transcriber =
      'backend' in options
        ? options.backend
        : new WhisperTranscriber({ python: options.python, modelDir: options.modelDir, threads: options.threads ?? 2, language: this.#language, logger: this.#logger });
  }

  override get model(): string {
    return 'whisper';
  }

  override get provider(): string {
    return 'local';
  }

  /** Loads the model in its worker and runs one pass, so the first utterance pays nothing. */
  prewarm(): Promise<void> {
    return this.#transcriber.start();
  }

  /** @internal */
  get _transcriber(): WhisperBackend {
    return this.#transcriber;
  }

  /** @internal */
  get _finalWindowS(): number {
    return this.#finalWindowS;
  }

  /** @internal */
  get _logger(): EngineLogger {
    return this.#logger;
  }

  /** @internal */
  _nextRequestId(): string {
    this.#requests += 1;
    return `whisper-${this.#requests}`;
  }

  /** @internal */
  _speechData(transcript: Transcript, startTime: number): stt.SpeechData {
    return {
      language: this.#language,
      text: transcript.text,
      startTime,
      endTime: startTime + transcript.audioMs / 1000,
      confidence: transcript.confidence,
      metadata: { decodeMs: transcript.decodeMs, audioMs: transcript.audioMs, windowS: transcript.windowS },
    };
  }

  protected async _recognize(buffer: AudioBuffer, abortSignal?: AbortSignal): Promise<stt.SpeechEvent> {
    const pcm = bufferTo16kMono(Array.isArray(buffer) ? buffer : [buffer]);
    const transcript = await this.#transcriber.transcribe(pcm, { windowS: this.#finalWindowS, ...(abortSignal ? { signal: abortSignal } : {}) });
    return { type: stt.SpeechEventType.FINAL_TRANSCRIPT, requestId: this._nextRequestId(), alternatives: [this._speechData(transcript, 0)] };
  }

  stream(options?: { connOptions?: APIConnectOptions }): WhisperSpeechStream {
    return new WhisperSpeechStream(this, this.#vad, this.#interimIntervalMs, options?.connOptions);
  }

  override async close(): Promise<void> {
    await this.#transcriber.close();
  }
}
