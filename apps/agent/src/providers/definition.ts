import type { llm, stt, tts } from '@livekit/agents';
import type { ProviderName, ProviderSlot } from '@parley/protocol';
import type { AgentConfig, ProviderSettings } from '../config.js';
import type { LocalEngines } from './engines.js';

/** What a conversation thinks with: an LLM for STT → LLM → TTS, or a speech-to-speech model. */
export type Brain = { kind: 'pipeline'; llm: llm.LLM } | { kind: 'realtime'; model: llm.RealtimeModel };

export class ProviderUnavailableError extends Error {
  override readonly name = 'ProviderUnavailableError';
}

/** A setting a provider cannot work without; `value` undefined means it is missing. */
export interface Requirement {
  setting: string;
  value: string | undefined;
  /** Shown after the reason, e.g. an example value. */
  example?: string;
}

interface DefinitionBase<S extends ProviderSlot> {
  /** As written in PARLEY_LLM/STT/TTS, PARLEY_ALLOWED_* and a session's options (@parley/protocol). */
  name: ProviderName<S>;
  /** Settings it needs: checked when the config is read, for every provider a session may use. */
  requires?: (settings: ProviderSettings) => Requirement[];
  /**
   * What settings alone cannot tell (a model file, a server that answers): one line per problem,
   * each starting with the setting to change. Run once at worker start for every allowed provider.
   */
  readiness?: (config: AgentConfig) => Promise<string[]>;
  /**
   * Whether this job process can serve it (its local engine is installed); unset: always. Asked
   * for the names the default allow-list only offers, which must not stop the worker when missing.
   */
  available?: (engines: LocalEngines) => boolean;
}

export interface LlmDefinition extends DefinitionBase<'llm'> {
  /** 'realtime': a speech-to-speech model, which hears and speaks itself (no STT or TTS). */
  kind: 'llm' | 'realtime';
  /** Shared frames as images under PARLEY_VISION_IMAGES=auto ('auto'), only when it is 'on' ('on'), or never. */
  images: 'auto' | 'on' | 'never';
  create(context: { config: AgentConfig; engines: LocalEngines; instructions: string }): Brain;
}

export interface SttDefinition extends DefinitionBase<'stt'> {
  kind: 'stt';
  create(context: { config: AgentConfig; engines: LocalEngines }): stt.STT;
}

export interface TtsDefinition extends DefinitionBase<'tts'> {
  kind: 'tts';
  create(context: { config: AgentConfig; engines: LocalEngines; voice: string | undefined }): tts.TTS;
}

export interface DefinitionOf {
  llm: LlmDefinition;
  stt: SttDefinition;
  tts: TtsDefinition;
}

export type ProviderDefinition = LlmDefinition | SttDefinition | TtsDefinition;

/** The slot a definition fills: speech-to-speech models take the LLM's place. */
export function slotOf(definition: ProviderDefinition): ProviderSlot {
  return definition.kind === 'realtime' ? 'llm' : definition.kind;
}
