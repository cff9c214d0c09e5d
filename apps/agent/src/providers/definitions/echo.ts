import { EchoLLM } from '@parley/plugin-echo';
import type { LlmDefinition } from '../definition.js';

/** No model: repeats what it understood. Needs nothing, so every deployment offers it by name. */
export const echo: LlmDefinition = {
  name: 'echo',
  kind: 'llm',
  images: 'never',
  create: () => ({ kind: 'pipeline', llm: new EchoLLM() }),
};
