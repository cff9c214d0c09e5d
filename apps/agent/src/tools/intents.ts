import type { PreviousCall, RoutedCall, ToolIntentRouter } from '@parley/plugin-llama-cpp';
import { digitsForNumberWords } from './spoken-numbers.js';

/**
 * How one tool is recognised in the user's words, and how its result is said. `match` must be
 * precise: a request it claims skips the model; whatever it leaves (null) goes to the model, which
 * can still call the tool. `reply` returns null to let the model phrase the result.
 */
export interface ToolIntent {
  /** `previous`: the tool call of the turn before (its output parsed), for follow-ups. */
  match(text: string, previous?: { name: string; args: Record<string, unknown>; output: unknown }): Record<string, unknown> | null;
  /** Words without which a call of this tool that the model proposes is refused (it calls tools on a whim). */
  mentions: RegExp;
  reply?(args: Record<string, unknown>, output: unknown, userText: string): string | null;
  /** Said when the model, given this tool's result, says nothing of use; null for a generic apology. */
  fallback?(args: Record<string, unknown>, output: unknown, userText: string): string | null;
}

/** What the recognisers read: lower case, digits for number words, single spaces, no end punctuation. */
export function normalizeRequest(text: string): string {
  return digitsForNumberWords(text.toLowerCase())
    .replace(/[’‘]/g, "'")
    .replace(/[?!.]+\s*$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * One router for the local brain, from each tool's intent (tried in the order given) and, when
 * given, the replies for requests no tool can serve (`cannotDo`).
 */
export function createIntentRouter(intents: ReadonlyMap<string, ToolIntent>, cannotDo?: (text: string) => string | null): ToolIntentRouter {
  return {
    answer(userText: string): string | null {
      return cannotDo?.(normalizeRequest(userText)) ?? null;
    },
    route(userText: string, previous?: PreviousCall): RoutedCall | null {
      const text = normalizeRequest(userText);
      if (text === '') return null;
      const before = previous === undefined ? undefined : { ...previous, output: parseOutput(previous.output) };
      for (const [name, intent] of intents) {
        const args = intent.match(text, before);
        if (args !== null) return { name, args };
      }
      return null;
    },
    plausible(call: RoutedCall, userText: string): boolean {
      const intent = intents.get(call.name);
      return intent === undefined || intent.mentions.test(normalizeRequest(userText));
    },
    reply(call: RoutedCall, output: string, userText: string): string | null {
      const reply = intents.get(call.name)?.reply;
      return reply === undefined ? null : reply(call.args, parseOutput(output), normalizeRequest(userText));
    },
    fallback(call: RoutedCall, output: string, userText: string): string | null {
      const fallback = intents.get(call.name)?.fallback;
      return fallback === undefined ? null : fallback(call.args, parseOutput(output), normalizeRequest(userText));
    },
  };
}

/** A tool's output as the tool returned it: JSON parsed, plain text kept. */
function parseOutput(output: string): unknown {
  try {
    return JSON.parse(output) as unknown;
  } catch {
    return output;
  }
}

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
