import { llm } from '@livekit/agents';
import type { ToolIntentRouter } from '@parley/plugin-llama-cpp';
import { calculatorTool } from './tools/calculator.js';
import { cannotDoReply } from './tools/cannot-do.js';
import { currentTimeTool } from './tools/current-time.js';
import { createIntentRouter, createTools, toolIntents } from './tools/index.js';
import { timerTool } from './tools/timer.js';
import { createLookAtScreenTool, lookAtScreenIntent } from './vision/look-at-screen-tool.js';

/**
 * What the local brain is given besides the model: the router for requests whose tool is plain
 * from the words, and the tools of a default conversation for priming its prompt prefix. The
 * benchmark (npm run bench:brain) uses the same two, so it measures what a call gets.
 */

/** The built-in tools' intents (time first: "what time is it" must not read as arithmetic), then the screen; honest replies to what no tool does. */
export function localBrainRouter(): ToolIntentRouter {
  return createIntentRouter(new Map([...toolIntents([currentTimeTool, timerTool, calculatorTool]), ['look_at_screen', lookAtScreenIntent]]), cannotDoReply);
}

/**
 * The tools a default conversation offers, in the order the agent offers them (job.ts's tools,
 * then VisionAgent's look_at_screen): the local model's prompt prefix is rendered from them, so
 * the prefix primed ahead of time matches the first real request token for token. Only names,
 * descriptions and schemas matter here; these instances are never executed.
 */
export function defaultToolContext(timezone: string): llm.ToolContext {
  const tools = createTools({ timezone, now: () => new Date(), announce: () => undefined, schedule: () => () => undefined });
  return new llm.ToolContext([...tools, createLookAtScreenTool({ lookNow: async () => null })]);
}
