import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { APIConnectionError, DEFAULT_API_CONNECT_OPTIONS, llm, log, type APIConnectOptions } from '@livekit/agents';
import { toLlamaHistory, toLlamaHistoryBeforeUserTurn, toLlamaHistoryWithReply, windowDroppedTurns } from './chat-history.js';
import { eraseDroppedTurns } from './dropped-turns.js';
import { DEFAULT_HISTORY_WINDOW, type HistoryWindow } from './history-window.js';
import { callOfThisTurn, ROUTED_CALL_ID_PREFIX, routerStep, type RoutedCall, type ToolIntentRouter } from './intent-router.js';
import type { LlamaConversation, LlamaCppModel } from './llama-model.js';
import type { PrefixStateCache } from './prefix-state-cache.js';
import { SpeakableTextFilter } from './speakable-text.js';
import { TextToolCallDetector } from './text-tool-calls.js';
import { toLlamaFunctions, withoutNulls } from './tool-schema.js';

export interface LlamaCppLLMOptions {
  model: LlamaCppModel;
  /** Tokens of context for this conversation (prompt, history and reply). */
  contextSize?: number;
  /** Longest reply in tokens; spoken answers should be short. */
  maxTokens?: number;
  temperature?: number;
  /** Routes requests whose tool is plain from the words, without a model pass (see ToolIntentRouter). */
  router?: ToolIntentRouter;
  /** How many of a long conversation's turns the model sees (see history-window.ts). */
  historyWindow?: HistoryWindow;
}

/** What the last generation cost; tests and logs use it to see the KV cache at work. */
export interface LlamaGenerationStats {
  /** Prompt tokens that had to be evaluated (new since the previous turn). */
  evaluatedPromptTokens: number;
  /** Prompt tokens served from the KV cache of earlier turns. */
  cachedPromptTokens: number;
  outputTokens: number;
  /** From the request to the first token the model generated (text or a tool call). */
  firstTokenMs: number | null;
  durationMs: number;
  functionCalls: number;
}

/**
 * Evaluates a conversation's fixed prefix — the system prompt with the tool definitions, as the
 * chat template renders them — into its KV cache ahead of the first turn, so the first question
 * pays only for its own tokens. The prefix must be the one the session will send: same
 * instructions, same tools in the same order.
 */
export async function primeConversation(
  conversation: LlamaConversation,
  prefix: { instructions: string; toolCtx?: llm.ToolContext },
  options: { cache?: PrefixStateCache } = {},
): Promise<'evaluated' | 'loaded'> {
  const functions = toLlamaFunctions(prefix.toolCtx);
  return conversation.exclusive(async () => {
    const sequence = conversation.chat.sequence;
    const stateFile = options.cache ? await options.cache.fileFor(JSON.stringify({ instructions: prefix.instructions, functions: functions ?? null })) : null;
    if (stateFile !== null && existsSync(stateFile)) {
      try {
        await sequence.loadStateFromFile(stateFile, { acceptRisk: true });
        return 'loaded';
      } catch {
        await sequence.clearHistory();
      }
    }
    await conversation.chat.generateResponse(
      [
        { type: 'system', text: prefix.instructions },
        { type: 'user', text: '' },
        { type: 'model', response: [] },
      ],
      { maxTokens: 1, ...(functions === undefined ? {} : { functions }) },
    );
    if (stateFile !== null) {
      // Written whole under a temporary name: another process may be reading the same prefix.
      const partial = `${stateFile}.${process.pid}.partial`;
      await sequence.saveStateToFile(partial);
      await rename(partial, stateFile);
    }
    return 'evaluated';
  });
}

/** How long after a templated reply its turn is evaluated into the KV cache (the voice goes first). */
const EVALUATE_AHEAD_DELAY_MS = 2500;

const ANSWER_IN_WORDS =
  'Answer the user in plain words now, without a tool. If they asked you to do something your tools cannot do (control devices, send messages, order or book things), say briefly that you cannot.';

/** Said when the model produced neither words nor a usable call (e.g. only a refused call). */
export const NOTHING_TO_SAY = "Sorry, I'm not sure how to help with that.";

/**
 * A local LLM on node-llama-cpp. One instance serves one conversation: it keeps a single context
 * sequence, so each turn only evaluates the tokens added since the last one. Tool calls use the
 * chat wrapper's function syntax with grammar-constrained arguments, and go back to the framework,
 * which runs the tools and calls `chat` again with their results.
 */
export class LlamaCppLLM extends llm.LLM {
  readonly #model: LlamaCppModel;
  readonly #contextSize: number;
  readonly maxTokens: number;
  readonly temperature: number;
  readonly router: ToolIntentRouter | undefined;
  readonly historyWindow: HistoryWindow;
  #conversation: Promise<LlamaConversation> | null = null;
  /** Counts requests, so work queued for later can tell that a newer request came first. */
  requestSerial = 0;
  lastGeneration: LlamaGenerationStats | null = null;
  /** The user-turn preload waiting or running, if any (see preloadUserTurn). */
  #preload: AbortController | null = null;
  /** Routed calls answered by a template: never shown to the model (see LlamaHistoryOptions.hiddenCalls). */
  readonly templatedCalls = new Set<string>();

  constructor(options: LlamaCppLLMOptions) {
    super();
    this.#model = options.model;
    this.#contextSize = options.contextSize ?? 4096;
    this.maxTokens = options.maxTokens ?? 300;
    this.temperature = options.temperature ?? 0.3;
    this.router = options.router;
    this.historyWindow = options.historyWindow ?? DEFAULT_HISTORY_WINDOW;
  }

  label(): string {
    return 'parley.llama-cpp';
  }

  override get model(): string {
    return this.#model.modelPath.split('/').at(-1) ?? 'gguf';
  }

  override get provider(): string {
    return 'llama.cpp';
  }

  /** The conversation's context, created on first use (or ahead of time by `prewarm`). */
  conversation(): Promise<LlamaConversation> {
    this.#conversation ??= this.#model.createConversation(this.#contextSize);
    return this.#conversation;
  }

  protected override async _prewarmImpl(): Promise<void> {
    await this.conversation();
  }

  /**
   * Evaluates the user's words so far (an interim transcript) into the KV cache while they are
   * still speaking, after the conversation as it stands: the request that follows their last word
   * then evaluates only the words that changed and the turn's closing tokens, not the whole
   * question (about half of a short question's time to first token on two CPU cores). Only the
   * newest preload runs; one that has not started when a request comes is dropped (the request
   * serial tells), and one already running finishes, as the request needs what it evaluates.
   */
  preloadUserTurn(chatCtx: llm.ChatContext, wordsSoFar: string, toolCtx?: llm.ToolContext): Promise<void> {
    const text = wordsSoFar.trim();
    if (text.length === 0) return Promise.resolve();
    this.#preload?.abort();
    // Words the router already claims (a tool, a templated reply) are most likely not the model's
    // to answer: evaluating them now would only take the cores from the recognizer's final. After
    // a templated reply the turn is evaluated while it is spoken, off the turn's path.
    if (this.#routerClaims(chatCtx, text, toolCtx)) return Promise.resolve();
    const preload = new AbortController();
    this.#preload = preload;
    const serial = this.requestSerial;
    const history = toLlamaHistoryBeforeUserTurn(chatCtx, { window: this.historyWindow, hiddenCalls: this.templatedCalls });
    const functions = toLlamaFunctions(toolCtx);
    return this.conversation()
      .then((conversation) =>
        conversation.exclusive(async () => {
          if (preload.signal.aborted || this.requestSerial !== serial) return;
          if (windowDroppedTurns(chatCtx, this.historyWindow, true) > 0) await eraseDroppedTurns(conversation, history, functions);
          await conversation.chat.loadChatAndCompleteUserMessage(history, {
            initialUserPrompt: text,
            maxTokens: 0,
            signal: preload.signal,
            ...(functions === undefined ? {} : { functions }),
          });
        }),
      )
      .catch(() => undefined)
      .finally(() => {
        if (this.#preload === preload) this.#preload = null;
      });
  }

  /** Whether the router would take the turn (a call or a templated reply) if the words so far were all of it. */
  #routerClaims(chatCtx: llm.ChatContext, wordsSoFar: string, toolCtx?: llm.ToolContext): boolean {
    if (this.router === undefined) return false;
    const withWords = chatCtx.copy();
    withWords.addMessage({ role: 'user', content: wordsSoFar });
    return routerStep(this.router, withWords, new Set(toolNamesOf(toolCtx))).kind !== 'model';
  }

  chat({
    chatCtx,
    toolCtx,
    connOptions = DEFAULT_API_CONNECT_OPTIONS,
    parallelToolCalls,
    toolChoice,
  }: {
    chatCtx: llm.ChatContext;
    toolCtx?: llm.ToolContextLike;
    connOptions?: APIConnectOptions;
    parallelToolCalls?: boolean;
    toolChoice?: llm.ToolChoice;
  }): llm.LLMStream {
    return new LlamaCppStream(this, { chatCtx, toolCtx, connOptions }, { parallelToolCalls: parallelToolCalls ?? true, toolsEnabled: toolChoice !== 'none' });
  }

  override async aclose(): Promise<void> {
    const conversation = this.#conversation;
    this.#conversation = null;
    if (conversation) await (await conversation).dispose();
    await super.aclose();
  }
}

class LlamaCppStream extends llm.LLMStream {
  readonly #owner: LlamaCppLLM;
  readonly #parallelToolCalls: boolean;
  readonly #toolsEnabled: boolean;
  #queuedMs = 0;

  constructor(
    owner: LlamaCppLLM,
    params: { chatCtx: llm.ChatContext; toolCtx?: llm.ToolContextLike; connOptions: APIConnectOptions },
    options: { parallelToolCalls: boolean; toolsEnabled: boolean },
  ) {
    super(owner, params);
    this.#owner = owner;
    this.#parallelToolCalls = options.parallelToolCalls;
    this.#toolsEnabled = options.toolsEnabled;
  }

  protected async run(): Promise<void> {
    const serial = ++this.#owner.requestSerial;
    const toolNames = new Set(this.#toolsEnabled ? toolNamesOf(this.toolCtx) : []);
    const step = routerStep(this.#owner.router, this.chatCtx, toolNames);
    const id = `llama-${randomUUID()}`;
    if (step.kind === 'call') {
      const call = llm.FunctionCall.create({ callId: `${ROUTED_CALL_ID_PREFIX}${randomUUID().slice(0, 12)}`, name: step.call.name, args: JSON.stringify(step.call.args) });
      this.queue.put({ id, delta: { role: 'assistant', toolCalls: [call] } });
      this.#owner.lastGeneration = { evaluatedPromptTokens: 0, cachedPromptTokens: 0, outputTokens: 0, firstTokenMs: 0, durationMs: 0, functionCalls: 1 };
      return;
    }
    const conversation = await this.#owner.conversation();
    if (step.kind === 'reply') {
      if (step.callId !== undefined) this.#owner.templatedCalls.add(step.callId);
      this.queue.put({ id, delta: { role: 'assistant', content: step.text } });
      this.#owner.lastGeneration = { evaluatedPromptTokens: 0, cachedPromptTokens: 0, outputTokens: 0, firstTokenMs: 0, durationMs: 0, functionCalls: 0 };
      // No model pass wrote this reply, so the KV cache lacks the turn: the next question would pay for it.
      this.#evaluateAheadLater(conversation, serial, step.text);
      return;
    }
    const queuedAt = performance.now();
    await conversation.exclusive(() => {
      // Time spent behind a preload or an evaluate-ahead on the same sequence.
      this.#queuedMs = Math.round(performance.now() - queuedAt);
      return this.#generate(conversation);
    });
  }

  /**
   * Once the reply's first words are voiced (the voice needs the cores first), evaluates the turn
   * with its reply into the KV cache, so the next question does not pay for it; a newer request
   * cancels it (its own evaluation covers the same tokens).
   */
  #evaluateAheadLater(conversation: LlamaConversation, serial: number, reply: string): void {
    setTimeout(() => {
      if (this.#owner.requestSerial !== serial) return;
      void conversation
        .exclusive(() => (this.#owner.requestSerial === serial ? this.#evaluateAhead(conversation, reply) : Promise.resolve()))
        .catch(() => undefined);
    }, EVALUATE_AHEAD_DELAY_MS);
  }

  /** Whether this request's history leaves old turns out (only then is there anything to erase from the cache). */
  #dropsTurns(): boolean {
    return windowDroppedTurns(this.chatCtx, this.#owner.historyWindow) > 0;
  }

  /** Said when a pass ends with nothing said and nothing to do: the turn's tool result in plain words if the router can, else an apology. */
  #fallback(): string {
    const call = callOfThisTurn(this.chatCtx.items);
    const { userText } = turnSoFar(this.chatCtx);
    return (call === undefined ? null : this.#owner.router?.fallback?.(call, call.output, userText)) ?? NOTHING_TO_SAY;
  }

  async #evaluateAhead(conversation: LlamaConversation, reply: string): Promise<void> {
    const history = toLlamaHistoryWithReply(this.chatCtx, reply, { window: this.#owner.historyWindow, hiddenCalls: this.#owner.templatedCalls });
    const functions = this.#toolsEnabled ? toLlamaFunctions(this.toolCtx) : undefined;
    if (this.#dropsTurns()) await eraseDroppedTurns(conversation, history, functions);
    await conversation.chat.generateResponse(history, { maxTokens: 1, ...(functions === undefined ? {} : { functions }) });
  }

  /**
   * One model pass. A call the model proposes is made only when the tool exists, the user's words
   * could be asking for it (the router's judgement) and it was not already made this turn; when
   * every proposal is refused and nothing was said, the model is asked again to answer in words,
   * and no call of that second pass is made. The tools stay in its prompt: without them the
   * template renders another prefix, and the whole conversation would be evaluated again.
   */
  async #generate(conversation: LlamaConversation, allowCalls = this.#toolsEnabled): Promise<void> {
    const signal = this.abortController.signal;
    if (signal.aborted) return;
    const id = `llama-${randomUUID()}`;
    const sequence = conversation.chat.sequence;
    const startedAt = performance.now();
    let firstTokenAt: number | null = null;
    const functions = this.#toolsEnabled ? toLlamaFunctions(this.toolCtx) : undefined;
    const history = toLlamaHistory(this.chatCtx, { window: this.#owner.historyWindow, hiddenCalls: this.#owner.templatedCalls });
    // A second pass, after a refused call: it is told to answer in words (after the question, so the cached prefix holds).
    if (!allowCalls && this.#toolsEnabled) history.splice(history.length - 1, 0, { type: 'system', text: ANSWER_IN_WORDS });
    if (this.#dropsTurns()) await eraseDroppedTurns(conversation, history, functions);
    // After the erase: the meter counts the turns it shifts back as input, though nothing is evaluated.
    const meterBefore = sequence.tokenMeter.getState();
    // Calls the model writes as plain text are caught here (and never spoken, even with no tools
    // offered); the template's own call syntax is caught by llama.cpp.
    const textCalls = new TextToolCallDetector(toolNamesOf(this.toolCtx));
    const speakable = new SpeakableTextFilter();
    const callWritten = new AbortController();
    // A call that cannot be made, cut off as soon as its name is written: on two CPU cores its
    // arguments would take seconds (a 25-token refused call once took 12 s beside other work).
    let refusedCallStarted = false;
    let spoke = false;
    const say = (text: string): void => {
      if (text.length === 0) return;
      // A space alone (what is left of " `") is part of the text, but not yet a reply.
      if (text.trim().length > 0) spoke = true;
      this.queue.put({ id, delta: { role: 'assistant', content: text } });
    };

    let response: Awaited<ReturnType<typeof conversation.chat.generateResponse>> | undefined;
    try {
      response = await conversation.chat.generateResponse(history, {
        signal: AbortSignal.any([signal, callWritten.signal]),
        stopOnAbortSignal: true,
        maxTokens: this.#owner.maxTokens,
        // Putting a tool's result into words is reading, not writing: greedy decoding keeps a small
        // model on the text (at 0.3 it once answered a screen question with "I read the text on the screen.").
        temperature: callOfThisTurn(this.chatCtx.items) === undefined ? this.#owner.temperature : 0,
        onTextChunk: (text) => {
          if (text.length === 0) return;
          firstTokenAt ??= performance.now();
          say(speakable.push(textCalls.push(text)));
          // Nothing after a complete call is worth generating (closing tags, a made-up result).
          if (textCalls.callComplete) callWritten.abort();
        },
        onFunctionCallParamsChunk: ({ functionName }) => {
          firstTokenAt ??= performance.now();
          if (refusedCallStarted || (allowCalls && this.#acceptable({ name: functionName, args: {} }, { ignoreRepeats: true }))) return;
          refusedCallStarted = true;
          callWritten.abort();
        },
        ...(functions === undefined ? {} : { functions, maxParallelFunctionCalls: this.#parallelToolCalls ? undefined : 1 }),
      });
    } catch (error) {
      if (signal.aborted) return;
      // A call cut off before any text ends the generation with the abort's reason, and no response.
      if (!refusedCallStarted) throw new APIConnectionError({ message: `local model failed: ${error instanceof Error ? error.message : String(error)}`, options: { retryable: false } });
    }
    if (signal.aborted) return;
    const written = textCalls.finish();
    say(speakable.push(written.text) + speakable.flush());

    const proposed: RoutedCall[] = [
      ...(response?.functionCalls ?? []).map((call) => ({ name: call.functionName, args: asArgs(withoutNulls(call.params)) })),
      ...written.calls.map((call) => ({ name: call.name, args: asArgs(withoutNulls(call.args)) })),
    ];
    const accepted = allowCalls ? proposed.filter((call) => this.#acceptable(call)) : [];
    if (accepted.length === 0 && (proposed.length > 0 || refusedCallStarted || written.unreadable) && !spoke && allowCalls) {
      log().child({ plugin: 'llama-cpp' }).info({ queuedMs: this.#queuedMs, outputTokens: sequence.tokenMeter.diff(meterBefore).usedOutputTokens, durationMs: Math.round(performance.now() - startedAt), proposedCalls: proposed.length, cutOff: refusedCallStarted, unreadable: written.unreadable }, 'local model pass refused');
      return this.#generate(conversation, false);
    }
    // Silence reads as a hang-up: a pass that ends with nothing to say and nothing to do says so.
    if (accepted.length === 0 && !spoke) say(this.#fallback());
    const newCallId = (): string => `call_${randomUUID().slice(0, 12)}`;
    const calls = accepted
      .map((call) => llm.FunctionCall.create({ callId: newCallId(), name: call.name, args: JSON.stringify(call.args) }))
      .slice(0, this.#parallelToolCalls ? undefined : 1);
    if (calls.length > 0) {
      firstTokenAt ??= performance.now();
      this.queue.put({ id, delta: { role: 'assistant', toolCalls: calls } });
    }

    const used = sequence.tokenMeter.diff(meterBefore);
    const promptTokens = Math.max(0, sequence.contextTokens.length - used.usedOutputTokens);
    const cached = Math.max(0, promptTokens - used.usedInputTokens);
    this.queue.put({
      id,
      usage: { promptTokens, promptCachedTokens: cached, completionTokens: used.usedOutputTokens, totalTokens: promptTokens + used.usedOutputTokens },
    });
    this.#owner.lastGeneration = {
      evaluatedPromptTokens: used.usedInputTokens,
      cachedPromptTokens: cached,
      outputTokens: used.usedOutputTokens,
      firstTokenMs: firstTokenAt === null ? null : Math.round(firstTokenAt - startedAt),
      durationMs: Math.round(performance.now() - startedAt),
      functionCalls: calls.length,
    };
    // Counts only: what a pass cost, so a slow first token can be told from a long prompt.
    log().child({ plugin: 'llama-cpp' }).info({ ...this.#owner.lastGeneration, queuedMs: this.#queuedMs, secondPass: !allowCalls && this.#toolsEnabled }, 'local model pass');
  }

  /** A proposed call worth making: a tool of this request, plausible for the words, not a repeat within the turn (unless `ignoreRepeats`: its arguments are not written yet). */
  #acceptable(call: RoutedCall, { ignoreRepeats = false } = {}): boolean {
    if (this.toolCtx?.functionTools[call.name] === undefined) return false;
    const { userText, callsThisTurn } = turnSoFar(this.chatCtx);
    if (!ignoreRepeats && callsThisTurn.some((made) => made.name === call.name && made.args === JSON.stringify(call.args))) return false;
    return this.#owner.router?.plausible?.(call, userText) ?? true;
  }
}

function toolNamesOf(toolCtx: llm.ToolContext | undefined): string[] {
  return Object.keys(toolCtx?.functionTools ?? {});
}

function asArgs(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The newest user message and the calls made since it. */
function turnSoFar(chatCtx: llm.ChatContext): { userText: string; callsThisTurn: { name: string; args: string }[] } {
  const calls: { name: string; args: string }[] = [];
  for (let index = chatCtx.items.length - 1; index >= 0; index -= 1) {
    const item = chatCtx.items[index]!;
    if (item.type === 'message' && item.role === 'user') return { userText: item.textContent ?? '', callsThisTurn: calls };
    if (item.type === 'function_call') calls.push({ name: item.name, args: JSON.stringify(asArgs(parseJson(item.args))) });
  }
  return { userText: '', callsThisTurn: calls };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
