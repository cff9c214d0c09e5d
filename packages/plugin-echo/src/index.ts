export { EchoLLM, type EchoLLMOptions } from './echo-llm.js';
export { composeEchoReply } from './echo-reply.js';
export { composeVisionReply } from './vision-reply.js';
