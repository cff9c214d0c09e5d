import type { llm } from '@livekit/agents';

/** A tool call decided without the model. */
export interface RoutedCall {
  name: string;
  args: Record<string, unknown>;
}

/**
 * Deterministic handling of requests whose tool is plain from the words ("what time is it", "set
 * a timer for ten minutes"): the call is made at once instead of after a model pass, and its
 * result can be put into words without one. Anything the router leaves (null) goes to the model,
 * which can still call tools itself.
 */
export interface ToolIntentRouter {
  /**
   * The call for the user's words, or null to let the model decide. `previous` is the call of the
   * turn before, with its output, for follow-ups ("and in New York?", "divide that by 4").
   */
  route(userText: string, previous?: PreviousCall): RoutedCall | null;
  /** The reply to a routed call's output, or null to let the model phrase it. */
  reply(call: RoutedCall, output: string, userText: string): string | null;
  /** A reply that needs neither a tool nor the model (e.g. declining what the assistant cannot do), or null. */
  answer?(userText: string): string | null;
  /**
   * Whether the user's words could be asking for a call the model proposed ("hello" does not ask
   * for the time). Small models call tools on a whim; a refused call is not made. It is asked
   * first with empty `args`, as soon as the model has written the call's name (a refused call is
   * cut off there), so it should judge by the name and the words.
   */
  plausible?(call: RoutedCall, userText: string): boolean;
  /**
   * What to say when the model, given a call's result, says nothing of use (a small model may
   * stall on a long tool output): the result in plain words, or null for a generic apology.
   */
  fallback?(call: RoutedCall, output: string, userText: string): string | null;
}

/** A call made in the previous turn, with what the tool returned. */
export interface PreviousCall extends RoutedCall {
  output: string;
}

/** Call ids of routed calls start with this, so the next step knows a call was routed. */
export const ROUTED_CALL_ID_PREFIX = 'routed_';

export type RouterStep =
  | { kind: 'model' }
  | { kind: 'call'; call: RoutedCall }
  /** `callId`: the routed call this reply answers, when it answers one. */
  | { kind: 'reply'; text: string; callId?: string };

/** The last call of the newest question in `items`, with its output, when that turn made one (for the turn before: pass the items up to the newest question). */
export function callOfThisTurn(items: readonly llm.ChatItem[]): PreviousCall | undefined {
  let output: string | undefined;
  for (let index = items.length - 1; index >= 0; index -= 1) {
    const item = items[index]!;
    if (item.type === 'message' && item.role === 'user') return undefined;
    if (item.type === 'function_call_output' && output === undefined && !item.isError) output = item.output;
    if (item.type === 'function_call' && output !== undefined) {
      const args = parseArgs(item.args);
      return args === null ? undefined : { name: item.name, args, output };
    }
  }
  return undefined;
}

function parseArgs(text: string): Record<string, unknown> | null {
  try {
    const args = JSON.parse(text) as unknown;
    return typeof args === 'object' && args !== null && !Array.isArray(args) ? (args as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * What to do for this request: route the newest user message to a tool, answer a routed call's
 * result from a template, or run the model.
 */
export function routerStep(router: ToolIntentRouter | undefined, chatCtx: llm.ChatContext, toolNames: ReadonlySet<string>): RouterStep {
  if (router === undefined) return { kind: 'model' };
  const items = chatCtx.items;
  let lastUser = -1;
  for (let index = items.length - 1; index >= 0; index -= 1) {
    const item = items[index]!;
    if (item.type === 'message' && item.role === 'user') {
      lastUser = index;
      break;
    }
  }
  if (lastUser < 0) return { kind: 'model' };
  const userItem = items[lastUser]!;
  const userText = userItem.type === 'message' ? (userItem.textContent ?? '') : '';
  const after = items.slice(lastUser + 1).filter((item) => item.type !== 'message' || item.role === 'assistant');
  if (after.length === 0) {
    const answer = router.answer?.(userText) ?? null;
    if (answer !== null) return { kind: 'reply', text: answer };
    const call = router.route(userText, callOfThisTurn(items.slice(0, lastUser)));
    return call !== null && toolNames.has(call.name) ? { kind: 'call', call } : { kind: 'model' };
  }
  // Exactly one routed call and its output since the question: its reply may be a template.
  const [call, output, ...rest] = after;
  if (rest.length > 0 || call?.type !== 'function_call' || output?.type !== 'function_call_output') return { kind: 'model' };
  if (!call.callId.startsWith(ROUTED_CALL_ID_PREFIX) || output.isError) return { kind: 'model' };
  const args = parseArgs(call.args);
  if (args === null) return { kind: 'model' };
  const text = router.reply({ name: call.name, args }, output.output, userText);
  return text === null ? { kind: 'model' } : { kind: 'reply', text, callId: call.callId };
}
