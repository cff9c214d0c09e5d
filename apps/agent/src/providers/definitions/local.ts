import { LlamaCppLLM } from '@parley/plugin-llama-cpp';
import { localBrainRouter } from '../../local-brain.js';
import { ProviderUnavailableError, type LlmDefinition } from '../definition.js';
import { findLocalLlm } from '../local-llm.js';

/** A GGUF model through node-llama-cpp, loaded once per job process (session-factory.ts). */
export const local: LlmDefinition = {
  name: 'local',
  kind: 'llm',
  images: 'on',
  // Chosen by name, a model that is not there is an error; under PARLEY_LLM=auto main.ts falls back to echo instead.
  readiness: async (config) => {
    const settings = config.providerSettings.local;
    const model = await findLocalLlm(settings.model, config.localSpeech);
    return model.ok ? [] : [`${settings.setting}: ${model.problem}`];
  },
  available: (engines) => engines.llama !== null || engines.llamaOnDemand !== null,
  create: ({ config, engines }) => {
    if (engines.llama === null) throw new ProviderUnavailableError('the local model is not loaded (PARLEY_LLM_MODEL_PATH)');
    const { contextSize, maxTokens, temperature } = config.providerSettings.local;
    return { kind: 'pipeline', llm: new LlamaCppLLM({ model: engines.llama, contextSize, maxTokens, temperature, router: localBrainRouter() }) };
  },
};

/** The catalogue model (packages/models) PARLEY_LLM_MODEL names by default. */
export const DEFAULT_LOCAL_LLM_MODEL = 'qwen2.5-coder-1.5b-instruct-q4_k_m';
