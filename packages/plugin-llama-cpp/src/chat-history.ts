import type { llm } from '@livekit/agents';
import type { ChatHistoryItem, ChatModelFunctionCall, ChatModelResponse } from 'node-llama-cpp';
import { turnsDropped, type HistoryWindow } from './history-window.js';

export interface LlamaHistoryOptions {
  /** Render only up to the user's next message (see toLlamaHistoryBeforeUserTurn). */
  beforeUserTurn?: boolean;
  /** Show only the newest turns (see history-window.ts); all of them when absent. */
  window?: HistoryWindow;
  /**
   * Calls (by id) left out, with their results: the ones the intent router made and answered with
   * a templated reply. The model never wrote nor read them, and a time tool's call and result are
   * ≈ 130 tokens, ≈ 3 s of evaluation on two CPU cores that the next question waited for; the
   * turn reads as what was said.
   */
  hiddenCalls?: ReadonlySet<string>;
}

/**
 * Converts the framework's chat context into node-llama-cpp's history. Tool calls become
 * function-call entries (with their results) inside the model's response, which is how the chat
 * wrapper renders them; the history always ends with a model response for the model to continue.
 *
 * System messages after the first (per-request context, such as what the agent sees) are moved
 * to just after the newest user message. Earlier turns then render the same every time, so the
 * KV cache of the previous turn is reused up to the new question instead of being re-evaluated
 * from wherever the context used to sit.
 *
 * With a window, the oldest turns are left out (the first system message stays): everything
 * before the first user message kept, a greeting included.
 */
export function toLlamaHistory(chatCtx: llm.ChatContext, options: LlamaHistoryOptions = {}): ChatHistoryItem[] {
  const outputs = new Map<string, string>();
  for (const item of chatCtx.items) {
    if (item.type === 'function_call_output') outputs.set(item.callId, item.output);
  }

  const history: ChatHistoryItem[] = [];
  const currentModelResponse = (): ChatModelResponse => {
    const last = history.at(-1);
    if (last?.type === 'model') return last;
    const response: ChatModelResponse = { type: 'model', response: [] };
    history.push(response);
    return response;
  };

  const lateSystem: string[] = [];
  for (const item of chatCtx.items) {
    if (item.type === 'message') {
      const text = item.textContent ?? '';
      if (item.role === 'system' || item.role === 'developer') {
        if (history.length === 0) history.push({ type: 'system', text });
        else lateSystem.push(text);
      } else if (item.role === 'user') {
        history.push({ type: 'user', text });
      } else if (text.length > 0) currentModelResponse().response.push(text);
    } else if (item.type === 'function_call') {
      if (options.hiddenCalls?.has(item.callId)) continue;
      const result = outputs.get(item.callId);
      // A call without its result yet cannot be rendered; the framework adds both together.
      if (result === undefined) continue;
      const call: ChatModelFunctionCall = { type: 'functionCall', name: item.name, params: parseArguments(item.args), result: parseResult(result) };
      currentModelResponse().response.push(call);
    }
  }
  // Before the user's next message, the turns counted include that message.
  if (options.window) dropOldestTurns(history, windowDroppedTurns(chatCtx, options.window, options.beforeUserTurn));
  // Before the user's next message there is neither its per-request context nor a response to write.
  if (options.beforeUserTurn) return history;
  if (lateSystem.length > 0) {
    const lastUserIndex = history.findLastIndex((entry) => entry.type === 'user');
    const at = lastUserIndex >= 0 ? lastUserIndex + 1 : history.length;
    history.splice(at, 0, { type: 'system', text: lateSystem.join('\n\n') });
  }
  currentModelResponse();
  return history;
}

/**
 * The conversation as it stands before the user's next message, rendered as the next request will
 * render it up to that message: the same earlier turns, without per-request context (which the
 * request places after the new message) and without an empty response to continue. What a
 * preload evaluates, with the user's words so far after it.
 */
export function toLlamaHistoryBeforeUserTurn(chatCtx: llm.ChatContext, options: Omit<LlamaHistoryOptions, 'beforeUserTurn'> = {}): ChatHistoryItem[] {
  return toLlamaHistory(chatCtx, { ...options, beforeUserTurn: true });
}

/**
 * The turn just answered, with its reply, as its request rendered it but without per-request
 * context: what evaluating a reply no model pass wrote (a template's) adds to the KV cache. The
 * window is this turn's: if the next request shows fewer turns, it erases the dropped ones from the
 * cache itself (dropped-turns.ts), which costs no evaluation.
 */
export function toLlamaHistoryWithReply(chatCtx: llm.ChatContext, reply: string, options: Omit<LlamaHistoryOptions, 'beforeUserTurn'> = {}): ChatHistoryItem[] {
  const history = toLlamaHistory(chatCtx, { beforeUserTurn: true, ...(options.hiddenCalls === undefined ? {} : { hiddenCalls: options.hiddenCalls }) });
  if (options.window) dropOldestTurns(history, windowDroppedTurns(chatCtx, options.window));
  const last = history.at(-1);
  if (last?.type === 'model') last.response.push(reply);
  else history.push({ type: 'model', response: [reply] });
  return history;
}

/**
 * How many of the oldest user turns `window` leaves out of a chat context's history. Before the
 * user's next message (`beforeUserTurn`), that message counts too.
 */
export function windowDroppedTurns(chatCtx: llm.ChatContext, window: HistoryWindow, beforeUserTurn = false): number {
  const userTurns = chatCtx.items.filter((item) => item.type === 'message' && item.role === 'user').length;
  return turnsDropped(userTurns + (beforeUserTurn ? 1 : 0), window);
}

/** Removes the first `turns` user turns (each message with the responses after it), after the leading system message. */
function dropOldestTurns(history: ChatHistoryItem[], turns: number): void {
  if (turns <= 0) return;
  const from = history[0]?.type === 'system' ? 1 : 0;
  let seen = 0;
  let to = history.length;
  for (let index = from; index < history.length; index += 1) {
    if (history[index]!.type !== 'user') continue;
    if (seen === turns) {
      to = index;
      break;
    }
    seen += 1;
  }
  history.splice(from, to - from);
}

function parseArguments(args: string): unknown {
  if (args.trim() === '') return {};
  try {
    return JSON.parse(args) as unknown;
  } catch {
    return args;
  }
}

/** Tool outputs arrive as strings; JSON ones are shown to the model as JSON. */
function parseResult(output: string): unknown {
  try {
    return JSON.parse(output) as unknown;
  } catch {
    return output;
  }
}
