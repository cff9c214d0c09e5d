/**
 * Drives the local brain the way a call does: a `voice.AgentSession` with only the LLM (text in,
 * text out, no room), the agent's real tools and system prompt, and the framework's own tool loop
 * (`session.run`: the framework executes each call and calls the model again with its result, up
 * to its default of 3 tool steps). One session and one LlamaCppLLM per item, as one conversation
 * per call in production; the loaded model is shared.
 *
 * Like production's local brain (apps/agent/src/providers/definitions/local.ts and session-factory.ts), the
 * brain gets the tools' intent router and a conversation whose prompt prefix is primed, and
 * look_at_screen reports plain text; each can be switched off to measure the model alone. Not
 * reproduced: the VisionAgent's per-request note that a screen is shared.
 */
import path from 'node:path';
import { llm, voice } from '@livekit/agents';
import { repoRoot } from '@parley/launcher';
import { stateDir } from '@parley/models';
import { localBrainRouter } from '@parley/agent/local-brain';
import { DEFAULT_INSTRUCTIONS } from '@parley/agent/session-options';
import { createTools, type ToolServices } from '@parley/agent/tools';
import { createLookAtScreenTool, type ScreenLooker } from '@parley/agent/vision/look-at-screen-tool';
import {
  LlamaCppLLM,
  PrefixStateCache,
  primeConversation,
  ROUTED_CALL_ID_PREFIX,
  type LlamaCppModel,
  type LlamaGenerationStats,
} from '@parley/plugin-llama-cpp';
import { CAMERA_VIEW, EDITOR_SCREEN, EVAL_NOW, EVAL_TIMEZONE, type EvalItem, type EvalTurn, type ToolArgs } from './eval-set.js';
import { judgeTurn, type GenerationStats, type ObservedCall, type ObservedTurn, type TurnRecord } from './scoring.js';

export interface BrainSettings {
  contextSize: number;
  maxTokens: number;
  temperature: number;
  /** Give the brain production's intent router (requests plain from the words skip the model). */
  router: boolean;
  /** Start each conversation with the system prompt and tools already in the KV cache, as production's primed conversation. */
  prime: boolean;
}

/** Production's context size; a short reply limit and greedy decoding so runs are repeatable. */
export const BRAIN_SETTINGS: Omit<BrainSettings, 'router' | 'prime'> = { contextSize: 4096, maxTokens: 120, temperature: 0 };

/** A turn that takes longer than this is recorded as an error and ends its item. */
const TURN_TIMEOUT_MS = 300_000;
/**
 * Pause after the session starts, before the first turn: in a call the user speaks seconds after
 * joining, so the brain's prewarm (started by the framework, not awaited) has finished by then.
 */
const SETTLE_MS = 300;

type RunResult = ReturnType<voice.AgentSession['run']>;

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'error' in error && error.error instanceof Error) return error.error.message;
  return String(error);
}

function parseArgs(text: string): ToolArgs | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
    return Object.fromEntries(Object.entries(value));
  } catch {
    return null;
  }
}

/** Tool calls with their outputs, and everything the assistant said, from a run's events. */
function observeEvents(run: RunResult): { calls: ObservedCall[]; spoken: string } {
  const outputs = new Map<string, llm.FunctionCallOutput>();
  for (const event of run.events) if (event.type === 'function_call_output') outputs.set(event.item.callId, event.item);
  const calls: ObservedCall[] = [];
  const spoken: string[] = [];
  for (const event of run.events) {
    if (event.type === 'function_call') {
      const output = outputs.get(event.item.callId);
      calls.push({
        name: event.item.name,
        args: parseArgs(event.item.args),
        argsText: event.item.args,
        output: output?.output ?? null,
        isError: output?.isError ?? false,
        routed: event.item.callId.startsWith(ROUTED_CALL_ID_PREFIX),
      });
    } else if (event.type === 'message' && event.item.role === 'assistant') {
      const text = event.item.textContent?.trim();
      if (text) spoken.push(text);
    }
  }
  return { calls, spoken: spoken.join(' ') };
}

function timeout(ms: number): { promise: Promise<never>; cancel: () => void } {
  let handle: NodeJS.Timeout | undefined;
  const promise = new Promise<never>((_, reject) => {
    handle = setTimeout(() => reject(new Error(`no reply within ${ms / 1000} s`)), ms);
  });
  return { promise, cancel: () => clearTimeout(handle) };
}

function recordOf(item: EvalItem, turnIndex: number, turn: EvalTurn, observed: ObservedTurn): TurnRecord {
  return {
    itemId: item.id,
    category: item.category,
    turnIndex,
    user: turn.user,
    expectedTool: turn.expectedTool,
    argsExpects: turn.argsCheck?.expects ?? null,
    answerPattern: turn.answer ? String(turn.answer) : null,
    mustNotSayPattern: turn.mustNotSay ? String(turn.mustNotSay) : null,
    observed,
    verdict: judgeTurn(turn, observed),
  };
}

/** The tools' outside world: a fixed clock, timers that are recorded and never fire, a fixed screen. */
function evalServices(item: EvalItem): { services: ToolServices; looker: ScreenLooker } {
  const services: ToolServices = {
    timezone: EVAL_TIMEZONE,
    now: () => new Date(EVAL_NOW),
    announce: () => undefined,
    schedule: () => () => undefined,
  };
  const looker: ScreenLooker = {
    lookNow: async (source) => {
      if (item.screen === 'not-shared') return null;
      return source === 'screen' ? EDITOR_SCREEN : CAMERA_VIEW;
    },
  };
  return { services, looker };
}

// The agent's prefix cache (session-factory.ts), so a warm cache serves both.
const PREFIX_CACHE_DIR = path.join(stateDir(process.env, repoRoot), 'cache', 'llm-prefix');

/** Runs one item's turns in one conversation and judges each; `onTurn` sees each as it finishes. */
export async function runItem(model: LlamaCppModel, item: EvalItem, settings: BrainSettings, onTurn: (record: TurnRecord) => void): Promise<TurnRecord[]> {
  const { services, looker } = evalServices(item);
  // Production's order: the agent's tools, then look_at_screen (VisionAgent appends it, plain text for a local brain).
  const tools = [...createTools(services), createLookAtScreenTool(looker, 'plain')];
  if (settings.prime) {
    // The next conversation of this size is made now and its prefix evaluated, outside any turn's time.
    await model.prepareConversation(settings.contextSize, async (conversation) => {
      // Production's prefix cache: evaluated once, loaded by every later conversation.
      await primeConversation(conversation, { instructions: DEFAULT_INSTRUCTIONS, toolCtx: new llm.ToolContext(tools) }, { cache: new PrefixStateCache(PREFIX_CACHE_DIR, model.modelPath, model.runtime) });
    });
  }
  const brain = new LlamaCppLLM({
    model,
    contextSize: settings.contextSize,
    maxTokens: settings.maxTokens,
    temperature: settings.temperature,
    ...(settings.router ? { router: localBrainRouter() } : {}),
  });
  const session = new voice.AgentSession({ llm: brain, vad: null });

  let turnStartedAt = performance.now();
  let generations: GenerationStats[] = [];
  let errors: string[] = [];
  let lastSeen: LlamaGenerationStats | null = null;
  // The framework reports each finished generation; the brain's own stats for it are set by then.
  const onMetrics = (): void => {
    const stats = brain.lastGeneration;
    if (stats === null || stats === lastSeen) return;
    lastSeen = stats;
    generations.push({
      startMs: Math.max(0, Math.round(performance.now() - turnStartedAt - stats.durationMs)),
      firstTokenMs: stats.firstTokenMs,
      durationMs: stats.durationMs,
      outputTokens: stats.outputTokens,
      evaluatedPromptTokens: stats.evaluatedPromptTokens,
      cachedPromptTokens: stats.cachedPromptTokens,
      functionCalls: stats.functionCalls,
      byModel: stats.evaluatedPromptTokens + stats.cachedPromptTokens > 0,
    });
  };
  brain.on('metrics_collected', onMetrics);
  session.on(voice.AgentSessionEventTypes.Error, (event) => errors.push(describeError(event.error)));

  const records: TurnRecord[] = [];
  try {
    await session.start({ agent: new voice.Agent({ instructions: DEFAULT_INSTRUCTIONS, tools }) });
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const conversation = await brain.conversation();

    for (const [turnIndex, turn] of item.turns.entries()) {
      // Work the brain queued on the conversation (prewarm, or evaluating a templated reply while it
      // is spoken) ends before the user speaks again in a call: it is not part of the next turn.
      await conversation.exclusive(async () => undefined);
      generations = [];
      errors = [];
      turnStartedAt = performance.now();
      const run = session.run({ userInput: turn.user });
      const limit = timeout(TURN_TIMEOUT_MS);
      let failure: string | null = null;
      try {
        await Promise.race([run.wait(), limit.promise]);
      } catch (error) {
        failure = describeError(error);
      } finally {
        limit.cancel();
      }
      const turnMs = Math.round(performance.now() - turnStartedAt);
      const { calls, spoken } = observeEvents(run);
      const record = recordOf(item, turnIndex, turn, { calls, spoken, generations, turnMs, error: failure ?? errors[0] ?? null });
      records.push(record);
      onTurn(record);
      if (failure !== null) {
        // The session may still be busy with that turn: the item's later turns cannot run fairly.
        for (const [laterIndex, later] of item.turns.entries()) {
          if (laterIndex <= turnIndex) continue;
          const skipped = recordOf(item, laterIndex, later, { calls: [], spoken: '', generations: [], turnMs: 0, error: 'not run: an earlier turn failed' });
          records.push(skipped);
          onTurn(skipped);
        }
        break;
      }
    }
  } finally {
    brain.off('metrics_collected', onMetrics);
    await session.close().catch(() => undefined);
    await brain.aclose().catch(() => undefined);
  }
  return records;
}
