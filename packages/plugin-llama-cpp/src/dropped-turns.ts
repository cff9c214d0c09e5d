import type { ChatHistoryItem, ChatModelFunctions, Token } from 'node-llama-cpp';
import type { LlamaConversation } from './llama-model.js';

/** A kept stretch shorter than this is not worth a shift: evaluating it costs about as little. */
const MIN_KEPT_TOKENS = 16;

/**
 * Where the KV cache holds tokens the new prompt no longer has, between a shared beginning and a
 * stretch both still have: the oldest turns the history window dropped. Null when the prompt
 * only adds to the cache, or no stretch of at least `minKeptTokens` follows the difference, or the
 * stretch is less than half of what the cache holds after the block: the kept turns run to about
 * the end of the cache, whereas a look-alike stretch (part of the tool definitions rendered
 * otherwise) is followed by much that differs, and erasing before it would corrupt the prompt.
 */
export function droppedTokenRange(cached: readonly Token[], prompt: readonly Token[], minKeptTokens = MIN_KEPT_TOKENS): { start: number; end: number } | null {
  let shared = 0;
  while (shared < cached.length && shared < prompt.length && cached[shared] === prompt[shared]) shared += 1;
  if (shared === cached.length || shared === prompt.length) return null;
  let best: { end: number; kept: number } | null = null;
  for (let end = shared + 1; end < cached.length; end += 1) {
    let kept = 0;
    while (end + kept < cached.length && shared + kept < prompt.length && cached[end + kept] === prompt[shared + kept]) kept += 1;
    if (kept >= minKeptTokens && (best === null || kept > best.kept)) best = { end, kept };
    // Nothing further on can keep more than what is left of the cache.
    if (best !== null && best.kept >= cached.length - end) break;
  }
  if (best === null || best.kept * 2 < cached.length - best.end) return null;
  return { start: shared, end: best.end };
}

/**
 * Erases from the conversation's KV cache the turns a history window dropped, shifting the kept
 * turns back, so the request evaluates only what is new. node-llama-cpp itself would keep the
 * cache only up to the first difference and evaluate every kept turn again: hundreds of tokens,
 * seconds on two cores. Call it inside the conversation's `exclusive` section, with the history
 * and functions the generation will render, and only when that history leaves turns out: a
 * history rendered whole has nothing to erase, and its render here can differ from the primed
 * prefix's (a system message alone renders its tools otherwise).
 */
export async function eraseDroppedTurns(conversation: LlamaConversation, history: readonly ChatHistoryItem[], functions?: ChatModelFunctions): Promise<void> {
  const { chat } = conversation;
  const sequence = chat.sequence;
  if (sequence.contextTokens.length === 0) return;
  const { contextText } = chat.chatWrapper.generateContextState({ chatHistory: history, ...(functions === undefined ? {} : { availableFunctions: functions }) });
  const range = droppedTokenRange(sequence.contextTokens, contextText.tokenize(chat.model.tokenizer));
  if (range === null) return;
  try {
    await sequence.eraseContextTokenRanges([range]);
  } catch {
    // Only a saving lost: the generation that follows evaluates whatever the cache lacks.
  }
}
