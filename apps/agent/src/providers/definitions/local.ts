import { LlamaCppLLM } from '@parley/plugin-llama-cpp';
import { z } from 'zod';
import { localBrainRouter } from '../../local-brain.js';
import { ProviderUnavailableError, type LlmDefinition } from '../definition.js';
import { findLocalLlm } from '../local-llm.js';
import { optionalText, settingsGroup } from '../settings.js';

/** The catalogue model (packages/models) PARLEY_LLM_MODEL names by default. */
export const DEFAULT_LOCAL_LLM_MODEL = 'qwen2.5-coder-1.5b-instruct-q4_k_m';

export const localSettings = settingsGroup(
  {
    PARLEY_LLM_MODEL: z.string().trim().min(1).default(DEFAULT_LOCAL_LLM_MODEL).meta({ description: 'the local model: a catalogue name or a path to a .gguf file' }),
    // The older name: a path to a .gguf file; when set it wins over PARLEY_LLM_MODEL.
    PARLEY_LLM_MODEL_PATH: optionalText.meta({ description: 'the older name of PARLEY_LLM_MODEL (a .gguf path); wins when set' }),
    PARLEY_LLM_CONTEXT_SIZE: z.coerce.number().int().min(256).max(131_072).default(4096).meta({ description: 'local model: context tokens per conversation' }),
    PARLEY_LLM_MAX_TOKENS: z.coerce.number().int().min(8).max(8192).default(300).meta({ description: 'local model: longest reply in tokens' }),
    PARLEY_LLM_TEMPERATURE: z.coerce.number().min(0).max(2).default(0.3).meta({ description: 'local model: sampling temperature' }),
    PARLEY_LLM_GPU: z.enum(['auto', 'cpu']).default('auto').meta({ description: 'auto: a GPU build of llama.cpp when a GPU and its binary are there; cpu: never' }),
    PARLEY_LLM_THREADS: z.coerce.number().int().min(1).max(256).optional().meta({ description: 'local model: CPU threads per generation', shownDefault: 'one per CPU' }),
  },
  (value) => ({
    /** A catalogue name (installed under PARLEY_MODELS_DIR) or a path to a .gguf file. */
    model: value.PARLEY_LLM_MODEL_PATH ?? value.PARLEY_LLM_MODEL,
    setting: value.PARLEY_LLM_MODEL_PATH === undefined ? ('PARLEY_LLM_MODEL' as const) : ('PARLEY_LLM_MODEL_PATH' as const),
    contextSize: value.PARLEY_LLM_CONTEXT_SIZE,
    maxTokens: value.PARLEY_LLM_MAX_TOKENS,
    temperature: value.PARLEY_LLM_TEMPERATURE,
    gpu: value.PARLEY_LLM_GPU,
    threads: value.PARLEY_LLM_THREADS,
  }),
);

/** A GGUF model through node-llama-cpp, loaded once per job process (session-factory.ts). */
export const local: LlmDefinition = {
  name: 'local',
  kind: 'llm',
  images: 'on',
  // Chosen by name, a model that is not there is an error; under PARLEY_LLM=auto settle-runtime.ts falls back to echo instead.
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
