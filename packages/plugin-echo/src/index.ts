export { EchoLLM, type EchoLLMOptions } from './echo-llm.js';
export { composeEchoReply } from './echo-reply.js';
export { VISION_CONTEXT_KEY, composeVisionReply, findVisionContext, visionContextSchema, visionQuestionOf, type VisionContext, type VisionQuestion } from './vision-context.js';
