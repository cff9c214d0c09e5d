import type { stt, tts } from '@livekit/agents';
import type { LlmProviderName, SttProviderName, TtsProviderName } from '@parley/protocol';
import type { AgentConfig } from '../config.js';
import type { Brain } from './definition.js';
import type { LocalEngines } from './engines.js';
import { providerDefinition } from './registry.js';

export { ProviderUnavailableError, type Brain } from './definition.js';

/**
 * Builds the language model for one conversation. Local and cascaded providers return an LLM
 * for the STT → LLM → TTS pipeline; speech-to-speech providers return a realtime model.
 */
export function createBrain(provider: LlmProviderName, config: AgentConfig, engines: LocalEngines, instructions: string): Brain {
  return providerDefinition('llm', provider).create({ config, engines, instructions });
}

export function createStt(provider: SttProviderName, config: AgentConfig, engines: LocalEngines): stt.STT {
  return providerDefinition('stt', provider).create({ config, engines });
}

export function createTts(provider: TtsProviderName, config: AgentConfig, engines: LocalEngines, voice: string | undefined): tts.TTS {
  return providerDefinition('tts', provider).create({ config, engines, voice });
}
