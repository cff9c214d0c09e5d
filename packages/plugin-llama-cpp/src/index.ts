export { LlamaCppLLM, primeConversation, type LlamaCppLLMOptions, type LlamaGenerationStats } from './llama-llm.js';
export { SpeakableTextFilter } from './speakable-text.js';
export { TextToolCallDetector, parseTextToolCalls, type TextToolCall } from './text-tool-calls.js';
export { LlamaCppModel, LlamaConversation, LlamaModelFileError, assertGgufFile, type LlamaCppModelOptions, type LlamaGpuMode } from './llama-model.js';
export { toLlamaHistory } from './chat-history.js';
export { toGbnfSchema, toLlamaFunctions } from './tool-schema.js';
export { ROUTED_CALL_ID_PREFIX, routerStep, type PreviousCall, type RoutedCall, type RouterStep, type ToolIntentRouter } from './intent-router.js';
export { PrefixStateCache } from './prefix-state-cache.js';
