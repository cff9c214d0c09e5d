import * as openai from '@livekit/agents-plugin-openai';
import type { LlmDefinition } from '../definition.js';
import { optionalText, optionalUrl, settingsGroup } from '../settings.js';

export const openaiCompatibleSettings = settingsGroup(
  {
    PARLEY_OPENAI_COMPATIBLE_BASE_URL: optionalUrl('PARLEY_OPENAI_COMPATIBLE_BASE_URL').meta({ description: 'an OpenAI-compatible server, e.g. http://127.0.0.1:11434/v1 for Ollama' }),
    PARLEY_OPENAI_COMPATIBLE_MODEL: optionalText.meta({ description: 'the model name on that server' }),
    PARLEY_OPENAI_COMPATIBLE_API_KEY: optionalText.meta({ description: 'its API key, when it wants one' }),
  },
  (value) => ({ baseUrl: value.PARLEY_OPENAI_COMPATIBLE_BASE_URL, model: value.PARLEY_OPENAI_COMPATIBLE_MODEL, apiKey: value.PARLEY_OPENAI_COMPATIBLE_API_KEY }),
);

const REACHABILITY_TIMEOUT_MS = 3000;

/** Any HTTP answer counts as reachable (an auth error is the provider's to report per request). */
async function probeEndpoint(baseUrl: string): Promise<string | null> {
  const url = `${baseUrl.replace(/\/+$/, '')}/models`;
  try {
    await fetch(url, { signal: AbortSignal.timeout(REACHABILITY_TIMEOUT_MS) });
    return null;
  } catch (error) {
    const reason = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    return `cannot reach ${url} (${reason})`;
  }
}

/** A self-hosted OpenAI-compatible server (Ollama, vLLM, llama.cpp server). */
export const openaiCompatible: LlmDefinition = {
  name: 'openai-compatible',
  kind: 'llm',
  // A vision model on Ollama takes images, most served models do not: only with PARLEY_VISION_IMAGES=on.
  images: 'on',
  requires: (settings) => [
    { setting: 'PARLEY_OPENAI_COMPATIBLE_BASE_URL', value: settings.openaiCompatible.baseUrl, example: '(e.g. http://127.0.0.1:11434/v1 for Ollama)' },
    { setting: 'PARLEY_OPENAI_COMPATIBLE_MODEL', value: settings.openaiCompatible.model },
  ],
  // Self-hosted, so worth a probe at start; public cloud endpoints are not probed (an offline machine must still start).
  readiness: async (config) => {
    const { baseUrl } = config.providerSettings.openaiCompatible;
    const problem = baseUrl === undefined ? null : await probeEndpoint(baseUrl);
    return problem === null ? [] : [`PARLEY_OPENAI_COMPATIBLE_BASE_URL: ${problem}`];
  },
  create: ({ config }) => {
    const settings = config.providerSettings.openaiCompatible;
    return {
      kind: 'pipeline',
      // Self-hosted servers usually ignore the key; the client requires one.
      llm: new openai.LLM({ model: settings.model ?? '', apiKey: settings.apiKey ?? 'unused', baseURL: settings.baseUrl }),
    };
  },
};
