export { LlamaCppLLM, type LlamaCppLLMOptions, type LlamaGenerationStats } from './llama-llm.js';
export { LlamaCppModel, LlamaConversation, LlamaModelFileError, assertGgufFile, type LlamaCppModelOptions, type LlamaGpuMode } from './llama-model.js';
export { toLlamaHistory } from './chat-history.js';
export { toGbnfSchema, toLlamaFunctions } from './tool-schema.js';
