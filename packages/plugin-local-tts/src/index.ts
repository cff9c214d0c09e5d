export {
  LocalTTS,
  LocalChunkedStream,
  LocalTTSSetupError,
  type LocalTTSOptions,
  type EngineAvailability,
} from './tts.js';
export { type EngineName, EngineError, SynthesisAbortedError } from './engine.js';
export { type FestivalOptions, DEFAULT_FESTIVAL_VOICE } from './festival/index.js';
export { type PiperBackend, type PiperOptions, type PiperWorkerOptions, PiperEngine, PiperWorker, PIPER_MEDIUM_RATE } from './piper.js';
export { type FliteOptions, type EspeakNgOptions } from './cli_engines.js';
export { sanitizeText, foldToAscii, schemeString, splitForSynthesis } from './text.js';
export { ClauseFirstSentenceTokenizer, splitLeadingClause } from './clause-first-tokenizer.js';
