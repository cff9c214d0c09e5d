import { randomUUID } from 'node:crypto';
import { type APIConnectOptions, APIConnectionError, tts } from '@livekit/agents';
import { AudioFrame } from '@livekit/rtc-node';
import { type EngineLogger, engineLogger, trimLeadingSilence } from '@parley/audio';
import { ClauseFirstSentenceTokenizer } from './clause-first-tokenizer.js';
import { EspeakNgEngine, type EspeakNgOptions, FliteEngine, type FliteOptions } from './cli_engines.js';
import {
  EngineError,
  type EngineName,
  SynthesisAbortedError,
  type SpeechEngine,
  findExecutable,
} from './engine.js';
import { DEFAULT_FESTIVAL_VOICE, FestivalEngine, type FestivalOptions, festivalVoiceInstalled } from './festival/index.js';
import { PiperEngine, type PiperOptions } from './piper.js';
import { resampleInt16 } from './resample.js';
import { leadWithShortClause, sanitizeText, splitForSynthesis } from './text.js';

export interface LocalTTSOptions {
  /**
   * Preferred engine. 'auto' (default) uses piper → festival → flite → espeak-ng, skipping any
   * that is not installed (piper needs `piper` options: its Python and voice file). Naming an engine puts it first; the other installed engines remain as
   * fallbacks unless `fallback` is false.
   */
  engine?: 'auto' | EngineName;
  /** Whether to fall back to the next installed engine when one fails. Default true. */
  fallback?: boolean;
  /**
   * Output sample rate of every frame. Default: the native rate of the first engine in the
   * chain (festival HTS 32000, flite 16000, espeak-ng 22050); other engines are resampled.
   */
  sampleRate?: number;
  /** Frame duration in ms (10–100). Default 20. */
  frameMs?: number;
  /** Input text beyond this many characters is dropped (and logged). Default 5000. */
  maxTextChars?: number;
  /** Sentences longer than this are split at a clause boundary or space. Default 400. */
  maxChunkChars?: number;
  /** Per-chunk synthesis timeout for any engine. Default 15000 ms. */
  synthTimeoutMs?: number;
  piper?: PiperOptions;
  festival?: FestivalOptions;
  flite?: FliteOptions;
  espeakNg?: EspeakNgOptions;
  /** Logger; defaults to the @livekit/agents logger (console when it is not initialized). */
  logger?: EngineLogger;
}

/** Thrown by the constructor when no engine of the requested chain is installed. */
export class LocalTTSSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalTTSSetupError';
  }
}

const ENGINE_ORDER: readonly EngineName[] = ['piper', 'festival', 'flite', 'espeak-ng'];
const INSTALL_HINT =
  'install a Piper voice (scripts/setup.sh does) or at least one of the Debian packages: "festival festvox-us-slt-hts", "flite", or "espeak-ng"';

/** What the constructor found for each engine (for diagnostics). */
export interface EngineAvailability {
  engine: EngineName;
  available: boolean;
  detail: string;
}

/**
 * Local text-to-speech for @livekit/agents: Festival (HTS voice, long-lived private server),
 * flite, or espeak-ng, chosen by what is installed, with per-sentence fallback.
 *
 * Streaming input (`capabilities.streaming === true`): `stream()` chunks the LLM's text with the
 * clause-first tokenizer, so the reply's opening clause is voiced while the model is still
 * writing the rest, then sentence by sentence. `synthesize()` itself also splits long text into
 * sentences and emits each as soon as it is ready.
 */
export class LocalTTS extends tts.TTS {
  label = 'parley.LocalTTS';
  readonly engines: readonly SpeechEngine[];
  readonly availability: readonly EngineAvailability[];
  readonly #logger: EngineLogger;
  readonly #frameSamples: number;
  readonly #maxTextChars: number;
  readonly #maxChunkChars: number;

  constructor(opts: LocalTTSOptions = {}) {
    const logger = opts.logger ?? engineLogger('local-tts');
    const timeoutMs = opts.synthTimeoutMs ?? 15000;
    const requested = opts.engine ?? 'auto';
    const order: EngineName[] =
      requested === 'auto' ? [...ENGINE_ORDER] : [requested, ...ENGINE_ORDER.filter((e) => e !== requested)];
    const fallback = opts.fallback ?? true;
    const candidates = fallback ? order : order.slice(0, 1);

    const availability: EngineAvailability[] = [];
    const engines: SpeechEngine[] = [];
    for (const name of candidates) {
      const found = LocalTTS.#probe(name, opts);
      availability.push({ engine: name, available: found.ok, detail: found.detail });
      if (!found.ok) continue;
      if (name === 'piper' && opts.piper) engines.push(new PiperEngine(opts.piper, timeoutMs, logger));
      else if (name === 'festival') engines.push(new FestivalEngine(found.detail, opts.festival ?? {}, timeoutMs, logger));
      else if (name === 'flite') engines.push(new FliteEngine(found.detail, opts.flite ?? {}, timeoutMs));
      else engines.push(new EspeakNgEngine(found.detail, opts.espeakNg ?? {}, timeoutMs));
    }
    const first = engines[0];
    if (!first) {
      const why = availability.map((a) => `${a.engine}: ${a.detail}`).join('; ');
      throw new LocalTTSSetupError(`no local TTS engine available (${why}); ${INSTALL_HINT}`);
    }
    const sampleRate = opts.sampleRate ?? first.nativeSampleRate;
    if (!Number.isInteger(sampleRate) || sampleRate < 8000 || sampleRate > 96000) {
      throw new RangeError(`sampleRate must be an integer in 8000..96000, got ${sampleRate}`);
    }
    super(sampleRate, 1, { streaming: true });
    const frameMs = opts.frameMs ?? 20;
    if (!(frameMs >= 10 && frameMs <= 100)) throw new RangeError(`frameMs must be in 10..100, got ${frameMs}`);
    this.#frameSamples = Math.round((sampleRate * frameMs) / 1000);
    this.#maxTextChars = opts.maxTextChars ?? 5000;
    this.#maxChunkChars = Math.max(40, opts.maxChunkChars ?? 400);
    this.#logger = logger;
    this.engines = engines;
    this.availability = availability;
    if (availability.some((a) => !a.available)) {
      logger.info({ availability, chain: engines.map((e) => e.name), sampleRate }, 'local TTS engine chain');
    }
  }

  static #probe(name: EngineName, opts: LocalTTSOptions): { ok: boolean; detail: string } {
    if (name === 'piper') {
      // The agent checks the Python environment and the voice file before it passes these.
      return opts.piper ? { ok: true, detail: 'backend' in opts.piper ? 'shared backend' : opts.piper.voice } : { ok: false, detail: 'no Piper voice installed (node packages/models/dist/cli.js install piper-en-us-joe-medium)' };
    }
    if (name === 'festival') {
      const bin = findExecutable(opts.festival?.binary ?? 'festival');
      if (!bin) return { ok: false, detail: 'festival binary not found (Debian package "festival")' };
      const voice = opts.festival?.voice ?? DEFAULT_FESTIVAL_VOICE;
      if (!festivalVoiceInstalled(voice)) {
        return { ok: false, detail: `festival voice ${voice} not installed (Debian package "festvox-us-slt-hts")` };
      }
      return { ok: true, detail: bin };
    }
    if (name === 'flite') {
      const bin = findExecutable(opts.flite?.binary ?? 'flite');
      return bin ? { ok: true, detail: bin } : { ok: false, detail: 'flite binary not found (Debian package "flite")' };
    }
    const bin = findExecutable(opts.espeakNg?.binary ?? 'espeak-ng');
    return bin
      ? { ok: true, detail: bin }
      : { ok: false, detail: 'espeak-ng binary not found (Debian package "espeak-ng")' };
  }

  override get model(): string {
    return this.engines.map((e) => e.name).join('>');
  }

  override get provider(): string {
    return 'local';
  }

  /**
   * Starts the preferred engine's long-lived part (the Piper worker, the Festival server) and runs
   * one tiny synthesis, so the first real sentence is fast. Fallback engines start when first
   * needed: each long-lived one costs a few hundred MB per job process. Call it from the agent's
   * prewarm. A failed warm-up is logged, not thrown (the engine is retried on use).
   */
  async prewarm(): Promise<void> {
    const engine = this.engines[0];
    if (!engine) return;
    try {
      await engine.warmup();
    } catch (e) {
      this.#logger.warn({ engine: engine.name, error: (e as Error).message }, 'TTS engine warmup failed');
    }
  }

  /** @internal Frame size in samples at the output rate. */
  get frameSamples(): number {
    return this.#frameSamples;
  }

  /** @internal */
  prepare(text: string): string[] {
    const { text: clean, truncated } = sanitizeText(text, this.#maxTextChars);
    if (truncated) {
      this.#logger.warn({ chars: text.length, max: this.#maxTextChars }, 'TTS input truncated');
    }
    return clean ? leadWithShortClause(splitForSynthesis(clean, this.#maxChunkChars)) : [];
  }

  /**
   * @internal Synthesizes one chunk with the first engine that succeeds; returns PCM at the
   * output rate, or undefined when no engine finds anything speakable in it.
   */
  async synthesizeChunk(chunk: string, signal: AbortSignal): Promise<Int16Array | undefined> {
    const errors: string[] = [];
    for (let i = 0; i < this.engines.length; i++) {
      const engine = this.engines[i];
      if (!engine) continue;
      const text = engine.prepareText(chunk);
      if (!text) continue;
      const hasFallback = this.engines.slice(i + 1).some((e) => e.prepareText(chunk) !== '');
      try {
        const t0 = performance.now();
        const pcm = await engine.synthesize(text, { signal, hasFallback });
        if (i > 0) {
          this.#logger.warn(
            { engine: engine.name, failed: errors, chars: text.length },
            'TTS fell back to a lower-preference engine for this sentence',
          );
        }
        this.#logger.debug(
          { engine: engine.name, ms: Math.round(performance.now() - t0), chars: text.length },
          'synthesized chunk',
        );
        return resampleInt16(pcm.samples, pcm.sampleRate, this.sampleRate);
      } catch (e) {
        if (e instanceof SynthesisAbortedError || signal.aborted) throw new SynthesisAbortedError();
        const msg = e instanceof Error ? e.message : String(e);
        errors.push(msg);
        this.#logger.warn({ engine: engine.name, error: msg }, 'TTS engine failed for a sentence');
      }
    }
    if (errors.length > 0) {
      throw new EngineError(this.engines[this.engines.length - 1]?.name ?? 'festival', `all engines failed: ${errors.join(' | ')}`);
    }
    return undefined;
  }

  synthesize(text: string, connOptions?: APIConnectOptions, abortSignal?: AbortSignal): LocalChunkedStream {
    return new LocalChunkedStream(this, text, connOptions, abortSignal);
  }

  /**
   * Streaming input: each chunk is synthesized as soon as it is complete, the first one at its
   * first clause (the framework's own adapter would wait for the whole first sentence).
   */
  stream(options?: { connOptions?: APIConnectOptions }): tts.SynthesizeStream {
    return new tts.StreamAdapterWrapper(this, new ClauseFirstSentenceTokenizer(), options?.connOptions);
  }

  override async close(): Promise<void> {
    await Promise.all(this.engines.map((e) => e.close().catch(() => undefined)));
    await super.close();
  }
}

/** One synthesize() call: sentence by sentence, each sentence's frames emitted when ready. */
export class LocalChunkedStream extends tts.ChunkedStream {
  label = 'parley.LocalChunkedStream';
  readonly #tts: LocalTTS;

  constructor(ttsInstance: LocalTTS, text: string, connOptions?: APIConnectOptions, abortSignal?: AbortSignal) {
    super(text, ttsInstance, connOptions, abortSignal);
    this.#tts = ttsInstance;
  }

  protected async run(): Promise<void> {
    const requestId = randomUUID();
    const signal = this.abortSignal;
    const chunks = this.#tts.prepare(this.inputText);
    const rate = this.#tts.sampleRate;
    const frameSamples = this.#tts.frameSamples;
    let emittedAny = false;
    let lastError: Error | undefined;
    // Frames are held back by one so the very last frame can carry final=true.
    let held: tts.SynthesizedAudio | undefined;
    const put = (audio: tts.SynthesizedAudio): boolean => {
      if (signal.aborted || this.queue.closed) return false;
      this.queue.put(audio);
      return true;
    };
    for (const chunk of chunks) {
      if (signal.aborted) return;
      let pcm: Int16Array | undefined;
      try {
        pcm = await this.#tts.synthesizeChunk(chunk, signal);
      } catch (e) {
        if (e instanceof SynthesisAbortedError || signal.aborted) return;
        lastError = e instanceof Error ? e : new Error(String(e));
        continue; // already logged per engine; keep speaking the rest
      }
      if (!pcm || pcm.length === 0) continue;
      // The engine's lead before the first words of this call (a reply's sentence, when streamed)
      // is heard as latency; later chunks of the call keep theirs as the pause between clauses.
      if (!emittedAny) pcm = trimLeadingSilence(pcm, rate);
      let first = true;
      for (let off = 0; off < pcm.length; off += frameSamples) {
        const slice = pcm.slice(off, Math.min(off + frameSamples, pcm.length));
        const frame = new AudioFrame(slice, rate, 1, slice.length);
        if (held && !put(held)) return;
        held = { requestId, segmentId: requestId, frame, final: false, ...(first ? { deltaText: chunk } : {}) };
        first = false;
        emittedAny = true;
      }
    }
    if (held) {
      held.final = true;
      put(held);
    }
    if (!emittedAny && lastError) {
      throw new APIConnectionError({
        message: `local TTS could not synthesize: ${lastError.message}`,
        options: { retryable: false },
      });
    }
  }
}
