import { PROVIDER_SLOTS, type ProviderName, type ProviderSlot } from '@parley/protocol';
import type { AgentConfig, ProviderSelection } from '../config.js';
import type { DefinitionOf, ProviderDefinition } from './definition.js';
import { deepgramSettings, deepgramStt } from './definitions/deepgram.js';
import { echo } from './definitions/echo.js';
import { gemini, geminiLive, geminiSettings } from './definitions/gemini.js';
import { local, localSettings } from './definitions/local.js';
import { localTts } from './definitions/local-tts.js';
import { openaiCompatible, openaiCompatibleSettings } from './definitions/openai-compatible.js';
import { openaiLlm, openaiRealtime, openaiSettings, openaiStt, openaiTts } from './definitions/openai.js';
import { pocketsphinx } from './definitions/pocketsphinx.js';
import { whisper } from './definitions/whisper.js';
import type { SettingsGroup } from './settings.js';

/**
 * Every provider the agent can build, one definition each (providers/definitions/): its name,
 * kind, the settings it needs, its readiness check and its factory. The config's choices, the
 * start-up checks and the factory are all read from here; the names are @parley/protocol's
 * PROVIDER_NAMES, which the API checks sessions against (registry.test.ts keeps both equal).
 * Within a slot the order is the order of the start-up report.
 */
export const PROVIDER_REGISTRY: { readonly [S in ProviderSlot]: readonly DefinitionOf[S][] } = {
  llm: [echo, local, openaiLlm, openaiCompatible, gemini, geminiLive, openaiRealtime],
  stt: [whisper, pocketsphinx, deepgramStt, openaiStt],
  tts: [...localTts, openaiTts],
};

/**
 * The settings each provider file declares (its environment variables and defaults), under the
 * key its definitions read them by: `config.providerSettings.openai` and so on.
 */
export const PROVIDER_SETTINGS = {
  local: localSettings,
  openai: openaiSettings,
  openaiCompatible: openaiCompatibleSettings,
  gemini: geminiSettings,
  deepgram: deepgramSettings,
};

type SettingsOf<G> = G extends SettingsGroup<infer T> ? T : never;
export type ProviderSettings = { [K in keyof typeof PROVIDER_SETTINGS]: SettingsOf<(typeof PROVIDER_SETTINGS)[K]> };

/** Reads every provider's settings from the environment; the issues name each bad variable. */
export function readProviderSettings(env: NodeJS.ProcessEnv): { settings: ProviderSettings; issues: string[] } {
  const issues: string[] = [];
  const entries = Object.entries(PROVIDER_SETTINGS).map(([key, group]: [string, SettingsGroup<unknown>]) => {
    const read = group.read(env);
    if (!read.ok) issues.push(...read.issues);
    return [key, read.ok ? read.value : undefined] as const;
  });
  // Object.entries loses the per-key types; every key is read above, and with issues the caller throws before using it.
  return { settings: Object.fromEntries(entries) as ProviderSettings, issues };
}

/** 'auto' for PARLEY_LLM: the local model when it is installed and loads, else echo (settled once at worker start). */
export const AUTO_LLM = 'auto';
/** 'auto' for PARLEY_STT: the best local recognizer installed (settled once at worker start). */
export const AUTO_STT = 'auto';

export function providerDefinition<S extends ProviderSlot>(slot: S, name: ProviderName<S>): DefinitionOf[S] {
  const definitions: readonly DefinitionOf[S][] = PROVIDER_REGISTRY[slot];
  const found = definitions.find((definition) => definition.name === name);
  // The names are typed from @parley/protocol and registry.test.ts checks that each has a definition.
  if (found === undefined) throw new Error(`no ${slot} provider "${name}" in the registry`);
  return found;
}

/** The setting that made a provider needed, as the "required because" of a missing-setting message. */
function becauseOf(slot: ProviderSlot, name: string, selection: ProviderSelection): string {
  if (slot === 'llm') return `${name === selection.llm ? 'PARLEY_LLM' : 'PARLEY_ALLOWED_LLM'} includes "${name}"`;
  return slot === 'stt' ? `PARLEY_STT or PARLEY_ALLOWED_STT includes "${name}"` : `PARLEY_TTS or PARLEY_ALLOWED_TTS includes "${name}"`;
}

/** Settings a provider lacks, one line each; empty when it has what it needs. */
export function missingSettings(definition: ProviderDefinition, settings: ProviderSettings, because: string): string[] {
  return (definition.requires?.(settings) ?? [])
    .filter((requirement) => requirement.value === undefined)
    .map((requirement) => `  ${requirement.setting}: required because ${because}${requirement.example === undefined ? '' : ` ${requirement.example}`}`);
}

/** Which setting each allowed provider lacks; checked for every allowed provider so a session never finds one missing. */
export function missingProviderSettings(selection: ProviderSelection, settings: ProviderSettings): string[] {
  const problems = PROVIDER_SLOTS.flatMap((slot) =>
    selection.allowed[slot].flatMap((name) => missingSettings(providerDefinition(slot, name), settings, becauseOf(slot, name, selection))),
  );
  return [...new Set(problems)];
}

/**
 * Checks what settings alone cannot (each allowed provider's readiness): the local model is
 * installed and is a GGUF file, a self-hosted endpoint answers. One line per problem, each naming
 * the setting to change. Keys are checked by the config; public cloud endpoints are not probed.
 */
export async function findProviderProblems(config: AgentConfig): Promise<string[]> {
  const problems: string[] = [];
  for (const slot of PROVIDER_SLOTS) {
    const allowed: readonly string[] = config.providers.allowed[slot];
    const definitions: readonly ProviderDefinition[] = PROVIDER_REGISTRY[slot];
    for (const definition of definitions) {
      if (allowed.includes(definition.name) && definition.readiness) problems.push(...(await definition.readiness(config)));
    }
  }
  return problems;
}
