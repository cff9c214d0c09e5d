export { PocketSphinxSTT, PocketSphinxSpeechStream, type PocketSphinxSTTOptions } from './stt.js';
export {
  DEFAULT_MODEL_DIR,
  DEFAULT_MODEL_PATHS,
  PocketSphinxSetupError,
  type ModelPaths,
} from './paths.js';
export type { PsFinalResult, PsPartial, PsWord } from './process.js';
