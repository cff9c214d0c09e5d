import type { llm } from '@livekit/agents';
import { calculatorTool } from './calculator.js';
import { currentTimeTool } from './current-time.js';
import { timerTool } from './timer.js';
import type { ToolIntent } from './intents.js';
import type { ToolDefinition, ToolServices } from './tool-services.js';

export type { ToolDefinition, ToolServices } from './tool-services.js';
export { createIntentRouter, normalizeRequest, type ToolIntent } from './intents.js';

/** Every tool the assistant has. To add one: write a file like ./calculator.ts and list it here. */
export const TOOL_DEFINITIONS: readonly ToolDefinition[] = [currentTimeTool, calculatorTool, timerTool];

export function createTools(services: ToolServices, definitions: readonly ToolDefinition[] = TOOL_DEFINITIONS): llm.ToolContextEntry[] {
  return definitions.map((definition) => definition.create(services));
}

/** Each tool's intent by tool name, in the order the router tries them. */
export function toolIntents(definitions: readonly ToolDefinition[] = TOOL_DEFINITIONS): Map<string, ToolIntent> {
  return new Map(definitions.flatMap((definition) => (definition.intent ? [[definition.name, definition.intent] as const] : [])));
}

/** Timers that belong to one conversation; all cancelled when it ends. */
export class ConversationScheduler {
  readonly #pending = new Set<NodeJS.Timeout>();

  schedule(delayMs: number, callback: () => void): () => void {
    const handle = setTimeout(() => {
      this.#pending.delete(handle);
      callback();
    }, delayMs);
    this.#pending.add(handle);
    return () => {
      clearTimeout(handle);
      this.#pending.delete(handle);
    };
  }

  get pending(): number {
    return this.#pending.size;
  }

  cancelAll(): void {
    for (const handle of this.#pending) clearTimeout(handle);
    this.#pending.clear();
  }
}
