export { EchoLLM, type EchoLLMOptions } from './echo-llm.js';
export { composeEchoReply } from './echo-reply.js';
