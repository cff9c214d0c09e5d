import type { RoutedCall, ToolIntentRouter } from '@parley/plugin-llama-cpp';
import { digitsForNumberWords } from './spoken-numbers.js';

/**
 * How one tool is recognised in the user's words, and how its result is said. `match` must be
 * precise: a request it claims skips the model; whatever it leaves (null) goes to the model, which
 * can still call the tool. `reply` returns null to let the model phrase the result.
 */
export interface ToolIntent {
  match(text: string): Record<string, unknown> | null;
  reply?(args: Record<string, unknown>, output: unknown, userText: string): string | null;
}

/** What the recognisers read: lower case, digits for number words, single spaces, no end punctuation. */
export function normalizeRequest(text: string): string {
  return digitsForNumberWords(text.toLowerCase())
    .replace(/[’‘]/g, "'")
    .replace(/[?!.]+\s*$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** One router for the local brain, from each tool's intent; tools are tried in the order given. */
export function createIntentRouter(intents: ReadonlyMap<string, ToolIntent>): ToolIntentRouter {
  return {
    route(userText: string): RoutedCall | null {
      const text = normalizeRequest(userText);
      if (text === '') return null;
      for (const [name, intent] of intents) {
        const args = intent.match(text);
        if (args !== null) return { name, args };
      }
      return null;
    },
    reply(call: RoutedCall, output: string, userText: string): string | null {
      const reply = intents.get(call.name)?.reply;
      if (reply === undefined) return null;
      let parsed: unknown = output;
      try {
        parsed = JSON.parse(output) as unknown;
      } catch {
        // A plain-text output stays a string.
      }
      return reply(call.args, parsed, normalizeRequest(userText));
    },
  };
}

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
