/** Provider names as they appear in settings and in a session's options. */
export const LLM_PROVIDERS = ['echo', 'local', 'openai', 'openai-compatible', 'gemini', 'gemini-live', 'openai-realtime'] as const;
export type LlmProvider = (typeof LLM_PROVIDERS)[number];

/** 'auto' for PARLEY_LLM: the local model when it is installed and loads, else echo (settled once at worker start). */
export const AUTO_LLM = 'auto';

/** The catalogue model (packages/models) PARLEY_LLM_MODEL names by default. */
export const DEFAULT_LOCAL_LLM_MODEL = 'qwen2.5-coder-1.5b-instruct-q4_k_m';

/** Speech-to-speech models hear and speak themselves: no separate STT or TTS. */
export const REALTIME_LLM_PROVIDERS: readonly LlmProvider[] = ['gemini-live', 'openai-realtime'];

export type SttChoice =
  | { kind: 'whisper'; name: 'whisper' }
  | { kind: 'pocketsphinx'; name: 'pocketsphinx' }
  | { kind: 'deepgram'; name: 'deepgram' }
  | { kind: 'openai'; name: 'openai' };

/** Local voices: 'local' is the engine PARLEY_TTS_ENGINE picks; the engine names choose one directly. */
export const LOCAL_TTS_ENGINES = ['auto', 'piper', 'festival', 'flite', 'espeak-ng'] as const;
export type LocalTtsEngine = (typeof LOCAL_TTS_ENGINES)[number];

export type TtsChoice = { kind: 'local'; name: string; engine: LocalTtsEngine | null } | { kind: 'openai'; name: 'openai' };

/** 'auto' for PARLEY_STT: the best local recognizer installed (settled once at worker start). */
export const AUTO_STT = 'auto';

export function parseSttChoice(value: string): SttChoice {
  const trimmed = value.trim();
  if (trimmed === 'whisper') return { kind: 'whisper', name: 'whisper' };
  if (trimmed === 'pocketsphinx') return { kind: 'pocketsphinx', name: 'pocketsphinx' };
  if (trimmed === 'deepgram') return { kind: 'deepgram', name: 'deepgram' };
  if (trimmed === 'openai') return { kind: 'openai', name: 'openai' };
  throw new Error(`unknown STT provider "${trimmed}" (auto, whisper, pocketsphinx, deepgram or openai)`);
}

export function parseTtsChoice(value: string): TtsChoice {
  const trimmed = value.trim();
  if (trimmed === 'local') return { kind: 'local', name: 'local', engine: null };
  const engine = LOCAL_TTS_ENGINES.find((candidate) => candidate === trimmed);
  if (engine !== undefined) return { kind: 'local', name: engine, engine };
  if (trimmed === 'openai') return { kind: 'openai', name: 'openai' };
  throw new Error(`unknown TTS provider "${trimmed}" (local, auto, piper, festival, flite, espeak-ng or openai)`);
}
