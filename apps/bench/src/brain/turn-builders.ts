/**
 * The held-out sets' ways of writing a turn, shared so that both sets mean the same by "a time
 * question" or "a sum". The fixed set (eval-set.ts) keeps its own few: it defines the types and
 * checks these build on, and importing back would make a cycle.
 */
import { expressionEquals, timerOf, type ArgsCheck, type EvalTurn, type ToolName } from './eval-set.js';

/** Answered without a tool; the reply must match `answer`. */
export const ask = (user: string, answer: RegExp): EvalTurn => ({ user, expectedTool: null, answer });
/** Small talk: no tool, any reply. */
export const chat = (user: string): EvalTurn => ({ user, expectedTool: null });
/** What no tool can do: no call, and no reply that `claimsSuccess` matches. */
export const declined = (user: string, claimsSuccess: RegExp): EvalTurn => ({ user, expectedTool: null, mustNotSay: claimsSuccess });

/** Needs `expectedTool`, called with arguments `argsCheck` accepts; the reply must match `answer` when given. */
export function use(user: string, expectedTool: ToolName, argsCheck: ArgsCheck, answer?: RegExp): EvalTurn {
  return answer === undefined ? { user, expectedTool, argsCheck } : { user, expectedTool, argsCheck, answer };
}

export const time = (user: string, argsCheck: ArgsCheck, answer: RegExp): EvalTurn => use(user, 'get_current_time', argsCheck, answer);
export const calc = (user: string, expected: number, answer: RegExp): EvalTurn => use(user, 'calculate', expressionEquals(expected), answer);
export const timer = (user: string, seconds: number, label?: RegExp): EvalTurn => use(user, 'set_timer', timerOf(seconds, label));
export const look = (user: string, argsCheck: ArgsCheck, answer: RegExp): EvalTurn => use(user, 'look_at_screen', argsCheck, answer);
