/**
 * Provider names, shared by the API (which checks what a session asks for) and the agent (which
 * builds the providers): one list, so the two cannot accept different names. The agent's
 * provider registry (apps/agent/src/providers/registry.ts) implements exactly these; a test there
 * fails when a name is added on one side only.
 */
export const PROVIDER_NAMES = {
  llm: ['echo', 'local', 'openai', 'openai-compatible', 'gemini', 'gemini-live', 'openai-realtime'],
  stt: ['whisper', 'pocketsphinx', 'deepgram', 'openai'],
  // 'local' is the chain PARLEY_TTS_ENGINE picks; the engine names choose one local engine directly.
  tts: ['local', 'auto', 'piper', 'festival', 'flite', 'espeak-ng', 'openai'],
} as const;

/** The three places a conversation has a provider: its brain, its ears, its voice. */
export type ProviderSlot = keyof typeof PROVIDER_NAMES;
export const PROVIDER_SLOTS: readonly ProviderSlot[] = ['llm', 'stt', 'tts'];

export type ProviderName<S extends ProviderSlot> = (typeof PROVIDER_NAMES)[S][number];
export type LlmProviderName = ProviderName<'llm'>;
export type SttProviderName = ProviderName<'stt'>;
export type TtsProviderName = ProviderName<'tts'>;

/** The setting that lists what sessions may ask for, per slot (read by the API and the agent alike). */
export const ALLOWED_PROVIDERS_SETTING = {
  llm: 'PARLEY_ALLOWED_LLM',
  stt: 'PARLEY_ALLOWED_STT',
  tts: 'PARLEY_ALLOWED_TTS',
} as const satisfies Record<ProviderSlot, string>;

/**
 * What sessions may ask for when PARLEY_ALLOWED_* is unset: the local providers, which need no
 * key. The agent serves each of them that it can run (one that is not installed falls back to the
 * worker's default, with a log line); names listed explicitly must all work at start.
 */
export const DEFAULT_ALLOWED_PROVIDERS: { readonly [S in ProviderSlot]: readonly ProviderName<S>[] } = {
  llm: ['local', 'echo'],
  stt: ['whisper', 'pocketsphinx'],
  tts: ['auto', 'piper', 'festival', 'flite', 'espeak-ng'],
};

export function isProviderName<S extends ProviderSlot>(slot: S, value: string): value is ProviderName<S> {
  return (PROVIDER_NAMES[slot] as readonly string[]).includes(value);
}

function spokenList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** The message for a name that is not a provider of `slot` (the agent's wording since before the registry). */
export function unknownProviderMessage(slot: ProviderSlot, value: string): string {
  if (slot === 'llm') return `unknown LLM provider "${value}" (one of ${PROVIDER_NAMES.llm.join(', ')})`;
  // 'auto' is a value of PARLEY_STT (the best local recognizer), so it is named with the providers.
  if (slot === 'stt') return `unknown STT provider "${value}" (${spokenList(['auto', ...PROVIDER_NAMES.stt])})`;
  return `unknown TTS provider "${value}" (${spokenList(PROVIDER_NAMES.tts)})`;
}

export interface AllowedProviders<S extends ProviderSlot> {
  /** The names in the order given (duplicates dropped). */
  names: ProviderName<S>[];
  /** Entries that are no provider of this slot, one message each. */
  problems: string[];
  /** false when the setting was unset or blank, so `names` is DEFAULT_ALLOWED_PROVIDERS. */
  explicit: boolean;
}

/**
 * Reads a PARLEY_ALLOWED_* value: a comma-separated list; unset or blank means the default list.
 * The API and the agent both read the setting through this, so they agree on its meaning.
 */
export function parseAllowedProviders<S extends ProviderSlot>(slot: S, value: string | undefined): AllowedProviders<S> {
  if (value === undefined || value.trim() === '') return { names: [...DEFAULT_ALLOWED_PROVIDERS[slot]], problems: [], explicit: false };
  const names: ProviderName<S>[] = [];
  const problems: string[] = [];
  for (const entry of value.split(',').map((part) => part.trim()).filter((part) => part !== '')) {
    if (!isProviderName(slot, entry)) problems.push(unknownProviderMessage(slot, entry));
    else if (!names.includes(entry)) names.push(entry);
  }
  return { names, problems, explicit: true };
}
