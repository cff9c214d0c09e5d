import type { LlmProviderName } from '@parley/protocol';
import { providerDefinition } from '../providers/registry.js';

/**
 * Whether the current frames go to the LLM as JPEG images. 'auto' sends them to the providers
 * known to accept them (their registry definition says `images: 'auto'`); an OpenAI-compatible
 * server may or may not (a vision model on Ollama does, most do not), so it gets them only with
 * 'on'. Everyone gets the screen's text.
 */
export function attachesImages(provider: LlmProviderName, setting: 'auto' | 'on' | 'off'): boolean {
  const images = providerDefinition('llm', provider).images;
  if (setting === 'off' || images === 'never') return false;
  return setting === 'on' || images === 'auto';
}
