import type { LlmProvider } from '../providers/choices.js';

/** Cascaded providers whose chat APIs take images with the user's turn. */
const IMAGE_CAPABLE: readonly LlmProvider[] = ['openai', 'gemini'];

/**
 * Whether the current frames go to the LLM as JPEG images. 'auto' sends them to the providers
 * known to accept them; an OpenAI-compatible server may or may not (a vision model on Ollama
 * does, most do not), so it gets them only with 'on'. Everyone gets the screen's text.
 */
export function attachesImages(provider: LlmProvider, setting: 'auto' | 'on' | 'off'): boolean {
  if (setting === 'off' || provider === 'echo') return false;
  return setting === 'on' || IMAGE_CAPABLE.includes(provider);
}
