/**
 * How much of a long conversation the model is shown. Every turn it sees costs the first token of
 * the next reply a little, and past the context size node-llama-cpp would cut the history itself,
 * on the request's critical path, then evaluate what is left again (seconds on two cores). So the
 * oldest turns are dropped, and in blocks: each drop changes the rendered prefix, and the KV cache
 * is reused only up to the first difference, so dropping one turn at a time would mean
 * re-evaluating the whole kept history every turn. With a block, that happens once per
 * `dropTurns` turns, after a reply, while the user listens (LlamaCppLLM schedules it).
 */
export interface HistoryWindow {
  /** The most user turns shown (the newest included). */
  maxTurns: number;
  /** How many of the oldest turns go at once when there are more. */
  dropTurns: number;
}

export const DEFAULT_HISTORY_WINDOW: HistoryWindow = { maxTurns: 12, dropTurns: 6 };

/** How many of the oldest user turns a conversation of `userTurns` turns no longer shows. */
export function turnsDropped(userTurns: number, window: HistoryWindow): number {
  const { maxTurns, dropTurns } = window;
  if (userTurns <= maxTurns || maxTurns < 1) return 0;
  const block = Math.min(Math.max(1, dropTurns), maxTurns);
  return (Math.floor((userTurns - maxTurns - 1) / block) + 1) * block;
}
