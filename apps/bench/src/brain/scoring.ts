/**
 * Pure scoring of the brain benchmark: judges one observed turn against its expectation, and
 * turns the judged turns into the reported metrics. No model, no I/O: unit-tested on its own.
 */
import { distribution, type Distribution } from '../stats.js';
import type { Category, EvalTurn, ToolArgs } from './eval-set.js';

/** One tool call the framework ran during a turn. */
export interface ObservedCall {
  name: string;
  /** The arguments as parsed JSON; null when the model wrote something that is not a JSON object. */
  args: ToolArgs | null;
  argsText: string;
  /** What the tool returned (null when no output was recorded). */
  output: string | null;
  isError: boolean;
  /** Decided by the brain's intent router from the words, without a model pass. */
  routed: boolean;
}

/** One generation of the model (a turn with a tool has at least two). */
export interface GenerationStats {
  /** When it started, from the moment the user's text was handed to the session. */
  startMs: number;
  firstTokenMs: number | null;
  durationMs: number;
  outputTokens: number;
  evaluatedPromptTokens: number;
  cachedPromptTokens: number;
  functionCalls: number;
  /** A model pass (false: a routed call or a templated reply, which evaluate no prompt). */
  byModel: boolean;
}

export interface ObservedTurn {
  calls: ObservedCall[];
  /** Everything the assistant said in the turn, in order. */
  spoken: string;
  generations: GenerationStats[];
  /** From handing over the user's text until the framework finished the reply, tool steps included. */
  turnMs: number;
  /** A framework or model error, or a timeout; null when the turn completed. */
  error: string | null;
}

export interface TurnVerdict {
  needsTool: boolean;
  calledTool: boolean;
  /** There were calls, every one of the expected tool, and the last one's arguments pass the check. */
  correctCall: boolean;
  /** The right tool behaviour: a correct call when one is needed, no call when none is. */
  toolOk: boolean;
  /** null when the turn has no answer pattern. */
  answerOk: boolean | null;
  /** null when the turn has no forbidden pattern. */
  honest: boolean | null;
  /** The reply contains what looks like a tool call written out as text instead of made. */
  toolCallAsText: boolean;
  /** The turn completed without a word to the user. */
  silent: boolean;
  /** The same call (tool and arguments) made more than once in the turn: a loop the user waits through. */
  repeatedCall: boolean;
  passed: boolean;
  problems: string[];
}

/** A judged turn, as written to brain.json. */
export interface TurnRecord {
  itemId: string;
  category: Category;
  turnIndex: number;
  user: string;
  expectedTool: string | null;
  argsExpects: string | null;
  answerPattern: string | null;
  mustNotSayPattern: string | null;
  observed: ObservedTurn;
  verdict: TurnVerdict;
}

const TOOL_CALL_AS_TEXT = /"name"\s*:\s*"(get_current_time|calculate|set_timer|look_at_screen)"|<tool_call>|\b(get_current_time|set_timer|look_at_screen)\s*\(/;

export function judgeTurn(turn: EvalTurn, observed: ObservedTurn): TurnVerdict {
  const problems: string[] = [];
  const needsTool = turn.expectedTool !== null;
  const calledTool = observed.calls.length > 0;
  const expectedCalls = observed.calls.filter((call) => call.name === turn.expectedTool);
  const lastExpected = expectedCalls.at(-1);
  const allExpected = calledTool && expectedCalls.length === observed.calls.length;
  const argsOk = lastExpected !== undefined && (turn.argsCheck === undefined || (lastExpected.args !== null && turn.argsCheck.test(lastExpected.args)));
  const correctCall = needsTool && allExpected && argsOk;
  const toolOk = needsTool ? correctCall : !calledTool;

  if (observed.error !== null) problems.push(`error: ${observed.error}`);
  if (needsTool && !calledTool) problems.push(`no tool call (expected ${turn.expectedTool})`);
  if (!needsTool && calledTool) problems.push(`unexpected tool call: ${observed.calls.map((call) => call.name).join(', ')}`);
  if (needsTool && calledTool && !allExpected) problems.push(`wrong tool: ${observed.calls.map((call) => call.name).join(', ')} (expected ${turn.expectedTool})`);
  if (needsTool && lastExpected !== undefined && !argsOk) problems.push(`arguments ${lastExpected.argsText} (expected ${turn.argsCheck?.expects ?? 'a JSON object'})`);

  const answerOk = turn.answer === undefined ? null : turn.answer.test(observed.spoken);
  if (answerOk === false) problems.push(`answer does not match ${String(turn.answer)}`);
  const honest = turn.mustNotSay === undefined ? null : !turn.mustNotSay.test(observed.spoken);
  if (honest === false) problems.push('claims to have done what it cannot');
  const toolCallAsText = TOOL_CALL_AS_TEXT.test(observed.spoken);
  if (toolCallAsText) problems.push('tool call written as text in the reply');
  // Every turn deserves a spoken reply, even one that can only say it cannot help.
  const silent = observed.error === null && observed.spoken.trim() === '';
  if (silent) problems.push('said nothing');

  const distinctCalls = new Set(observed.calls.map((call) => `${call.name} ${call.argsText}`));
  const repeatedCall = distinctCalls.size < observed.calls.length;
  if (repeatedCall) problems.push(`the same call repeated (${observed.calls.length} calls, ${distinctCalls.size} distinct)`);

  const passed = observed.error === null && toolOk && answerOk !== false && honest !== false && !toolCallAsText && !silent && !repeatedCall;
  return { needsTool, calledTool, correctCall, toolOk, answerOk, honest, toolCallAsText, silent, repeatedCall, passed, problems };
}

export interface Ratio {
  hits: number;
  total: number;
  /** hits / total; null when total is 0. */
  rate: number | null;
}

export function ratio(hits: number, total: number): Ratio {
  return { hits, total, rate: total === 0 ? null : hits / total };
}

export interface CategoryScore {
  category: Category;
  turns: number;
  passed: number;
  toolOk: number;
  answers: Ratio;
}

export interface Failure {
  itemId: string;
  turnIndex: number;
  user: string;
  expected: string;
  got: string;
  reply: string;
  problems: string[];
}

export interface LatencySummary {
  /** Time to first token of the first model pass of each turn that has one (a tool call counts as its first token). */
  firstTokenMs: Distribution;
  /** From the user's text to the first token the user would hear (after any tool step). */
  firstSpokenTokenMs: Distribution;
  turnMs: Distribution;
  /** Decoding speed over spoken generations: tokens after the first / time after the first. */
  tokensPerSecond: number | null;
}

export interface BrainSummary {
  turns: number;
  passedTurns: number;
  /** Turns with a correct call / turns with any call. */
  toolPrecision: Ratio;
  /** Precision split by who made the turn's first call: the intent router, or the model itself. */
  toolPrecisionBySource: { routed: Ratio; model: Ratio };
  /** Turns that needed a tool and got a correct call / turns that needed a tool. */
  toolRecall: Ratio;
  /** Questions answered from the model's own knowledge (no tool expected) whose reply matches. */
  factualCorrectness: Ratio;
  /** Turns with a tool whose reply carries the tool's result correctly. */
  toolAnswerCorrectness: Ratio;
  /** Requests it cannot carry out where it does not claim it did. */
  honesty: Ratio;
  /** Turns that completed with nothing said. */
  silentTurns: number;
  /** Turns with the same call made more than once. */
  repeatedCallTurns: number;
  toolCallsAsText: number;
  /** Turns whose tool calls were all made by the intent router rather than the model. */
  routedTurns: number;
  errors: number;
  byCategory: CategoryScore[];
  latency: LatencySummary;
  failures: Failure[];
}

function describeExpected(record: TurnRecord): string {
  const parts = [record.expectedTool === null ? 'no tool' : `${record.expectedTool}${record.argsExpects ? ` (${record.argsExpects})` : ''}`];
  if (record.answerPattern) parts.push(`answer ${record.answerPattern}`);
  if (record.mustNotSayPattern) parts.push('no claim of success');
  return parts.join('; ');
}

function describeGot(observed: ObservedTurn): string {
  if (observed.error !== null && observed.calls.length === 0) return `error: ${observed.error}`;
  if (observed.calls.length === 0) return 'no tool call';
  return observed.calls.map((call) => `${call.routed ? 'routed ' : ''}${call.name} ${call.argsText}${call.isError ? ' → error' : ''}`).join('; ');
}

/** From the user's text to the first token of the first generation that speaks (not a tool call). */
export function firstSpokenTokenMs(generations: readonly GenerationStats[]): number | null {
  const spoken = generations.find((generation) => generation.functionCalls === 0 && generation.firstTokenMs !== null);
  return spoken === undefined || spoken.firstTokenMs === null ? null : spoken.startMs + spoken.firstTokenMs;
}

export function decodeTokensPerSecond(generations: readonly GenerationStats[]): number | null {
  let tokens = 0;
  let ms = 0;
  for (const generation of generations) {
    if (!generation.byModel || generation.functionCalls > 0 || generation.outputTokens < 2 || generation.firstTokenMs === null) continue;
    const decodeMs = generation.durationMs - generation.firstTokenMs;
    if (decodeMs <= 0) continue;
    tokens += generation.outputTokens - 1;
    ms += decodeMs;
  }
  return ms === 0 ? null : (tokens / ms) * 1000;
}

export function summarize(records: readonly TurnRecord[], categories: readonly Category[]): BrainSummary {
  const count = (predicate: (record: TurnRecord) => boolean): number => records.filter(predicate).length;
  const withCall = records.filter((record) => record.verdict.calledTool);
  const routedFirst = withCall.filter((record) => record.observed.calls[0]?.routed === true);
  const modelFirst = withCall.filter((record) => record.observed.calls[0]?.routed === false);
  const needingTool = records.filter((record) => record.verdict.needsTool);
  const factual = records.filter((record) => record.expectedTool === null && record.answerPattern !== null);
  const toolAnswers = records.filter((record) => record.expectedTool !== null && record.answerPattern !== null);
  const refusals = records.filter((record) => record.mustNotSayPattern !== null);

  const byCategory = categories
    .map((category): CategoryScore => {
      const inCategory = records.filter((record) => record.category === category);
      const answered = inCategory.filter((record) => record.verdict.answerOk !== null);
      return {
        category,
        turns: inCategory.length,
        passed: inCategory.filter((record) => record.verdict.passed).length,
        toolOk: inCategory.filter((record) => record.verdict.toolOk).length,
        answers: ratio(answered.filter((record) => record.verdict.answerOk === true).length, answered.length),
      };
    })
    .filter((score) => score.turns > 0);

  const firstTokens = records.flatMap((record) => {
    const first = record.observed.generations.find((generation) => generation.byModel)?.firstTokenMs;
    return first === undefined || first === null ? [] : [first];
  });
  const firstSpoken = records.flatMap((record) => {
    const value = firstSpokenTokenMs(record.observed.generations);
    return value === null ? [] : [value];
  });

  return {
    turns: records.length,
    passedTurns: count((record) => record.verdict.passed),
    toolPrecision: ratio(withCall.filter((record) => record.verdict.correctCall).length, withCall.length),
    toolPrecisionBySource: {
      routed: ratio(routedFirst.filter((record) => record.verdict.correctCall).length, routedFirst.length),
      model: ratio(modelFirst.filter((record) => record.verdict.correctCall).length, modelFirst.length),
    },
    toolRecall: ratio(needingTool.filter((record) => record.verdict.correctCall).length, needingTool.length),
    factualCorrectness: ratio(factual.filter((record) => record.verdict.answerOk === true).length, factual.length),
    toolAnswerCorrectness: ratio(toolAnswers.filter((record) => record.verdict.answerOk === true).length, toolAnswers.length),
    honesty: ratio(refusals.filter((record) => record.verdict.honest === true).length, refusals.length),
    silentTurns: count((record) => record.verdict.silent),
    repeatedCallTurns: count((record) => record.verdict.repeatedCall),
    toolCallsAsText: count((record) => record.verdict.toolCallAsText),
    routedTurns: count((record) => record.observed.calls.length > 0 && record.observed.calls.every((call) => call.routed)),
    errors: count((record) => record.observed.error !== null),
    byCategory,
    latency: {
      firstTokenMs: distribution(firstTokens),
      firstSpokenTokenMs: distribution(firstSpoken),
      turnMs: distribution(records.filter((record) => record.observed.error === null).map((record) => record.observed.turnMs)),
      tokensPerSecond: decodeTokensPerSecond(records.flatMap((record) => record.observed.generations)),
    },
    failures: records
      .filter((record) => !record.verdict.passed)
      .map((record) => ({
        itemId: record.itemId,
        turnIndex: record.turnIndex,
        user: record.user,
        expected: describeExpected(record),
        got: describeGot(record.observed),
        reply: record.observed.spoken,
        problems: record.verdict.problems,
      })),
  };
}
