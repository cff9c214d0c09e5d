import type { ToolIntent } from './intents.js';
import type { llm } from '@livekit/agents';

/** What a tool may use from the running conversation. */
export interface ToolServices {
  /** IANA zone the user's "now" is in. */
  timezone: string;
  now(): Date;
  /** Speaks to the user outside a reply (e.g. a timer that is due). */
  announce(text: string): void;
  /** Runs `callback` after `delayMs` unless the conversation ends first; returns a cancel function. */
  schedule(delayMs: number, callback: () => void): () => void;
}

/** One tool = one file exporting one of these; add it to the list in ./index.ts. */
export interface ToolDefinition {
  name: string;
  /** How the local brain recognises a request for this tool without a model pass (see ./intents.ts). */
  intent?: ToolIntent;
  /** Returns a tool made with `llm.tool({ name, ... })` under the same name. */
  create(services: ToolServices): llm.ToolContextEntry;
}
