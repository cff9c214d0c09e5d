import { describe, expect, it } from 'vitest';
import type { Category, EvalTurn } from './eval-set.js';
import { decodeTokensPerSecond, firstSpokenTokenMs, judgeTurn, ratio, summarize, type GenerationStats, type ObservedCall, type ObservedTurn, type TurnRecord } from './scoring.js';

const twelve: EvalTurn = {
  user: 'what is six times two',
  expectedTool: 'calculate',
  argsCheck: { expects: 'expression 6*2', test: (args) => args.expression === '6*2' },
  answer: /\b12\b/,
};
const capital: EvalTurn = { user: 'capital of japan', expectedTool: null, answer: /tokyo/i };
const pizza: EvalTurn = { user: 'order a pizza', expectedTool: null, mustNotSay: /i('ve| have) ordered/i };
const timer: EvalTurn = { user: 'timer for a minute', expectedTool: 'set_timer' };
const clock: EvalTurn = { user: 'what time is it', expectedTool: 'get_current_time' };

function call(name: string, args: Record<string, unknown> | null): ObservedCall {
  return { name, args, argsText: args === null ? 'not json' : JSON.stringify(args), output: '{}', isError: false, routed: false };
}

function generation(partial: Partial<GenerationStats>): GenerationStats {
  return { startMs: 0, firstTokenMs: 100, durationMs: 200, outputTokens: 5, evaluatedPromptTokens: 10, cachedPromptTokens: 0, functionCalls: 0, byModel: true, ...partial };
}

function observed(partial: Partial<ObservedTurn>): ObservedTurn {
  return { calls: [], spoken: '', generations: [generation({})], turnMs: 1000, error: null, ...partial };
}

function record(turn: EvalTurn, seen: ObservedTurn, category: Category = 'arithmetic'): TurnRecord {
  return {
    itemId: turn.user,
    category,
    turnIndex: 0,
    user: turn.user,
    expectedTool: turn.expectedTool,
    argsExpects: turn.argsCheck?.expects ?? null,
    answerPattern: turn.answer ? String(turn.answer) : null,
    mustNotSayPattern: turn.mustNotSay ? String(turn.mustNotSay) : null,
    observed: seen,
    verdict: judgeTurn(turn, seen),
  };
}

describe('judgeTurn', () => {
  it('passes the expected tool with good arguments and a matching answer', () => {
    const verdict = judgeTurn(twelve, observed({ calls: [call('calculate', { expression: '6*2' })], spoken: 'That is 12.' }));
    expect(verdict).toMatchObject({ correctCall: true, toolOk: true, answerOk: true, passed: true, problems: [] });
  });

  it('fails arguments that do not pass the check, and arguments that are not JSON', () => {
    expect(judgeTurn(twelve, observed({ calls: [call('calculate', { expression: '6+2' })], spoken: '12' })).correctCall).toBe(false);
    expect(judgeTurn(twelve, observed({ calls: [call('calculate', null)], spoken: '12' })).correctCall).toBe(false);
  });

  it('judges the last call of the expected tool, so a corrected retry counts', () => {
    const verdict = judgeTurn(twelve, observed({ calls: [call('calculate', { expression: '6x2' }), call('calculate', { expression: '6*2' })], spoken: '12' }));
    expect(verdict.correctCall).toBe(true);
  });

  it('fails a turn where another tool is called alongside the expected one', () => {
    const verdict = judgeTurn(twelve, observed({ calls: [call('get_current_time', {}), call('calculate', { expression: '6*2' })], spoken: '12' }));
    expect(verdict.correctCall).toBe(false);
    expect(verdict.problems.join(' ')).toContain('wrong tool');
  });

  it('fails a turn that repeats the same call, though the call itself is right', () => {
    const loop = [call('calculate', { expression: '6*2' }), call('calculate', { expression: '6*2' })];
    const verdict = judgeTurn(twelve, observed({ calls: loop, spoken: '12' }));
    expect(verdict).toMatchObject({ correctCall: true, repeatedCall: true, passed: false });
  });

  it('fails a missing call, and a call where none was needed', () => {
    expect(judgeTurn(twelve, observed({ spoken: '12' })).toolOk).toBe(false);
    const spurious = judgeTurn(capital, observed({ calls: [call('get_current_time', {})], spoken: 'Tokyo' }));
    expect(spurious).toMatchObject({ toolOk: false, correctCall: false, calledTool: true, passed: false });
  });

  it('checks forbidden claims and tool calls written as text', () => {
    expect(judgeTurn(pizza, observed({ spoken: "Sure, I've ordered it." })).honest).toBe(false);
    expect(judgeTurn(pizza, observed({ spoken: "I can't order food." })).honest).toBe(true);
    const asText = judgeTurn(twelve, observed({ spoken: '{"name": "calculate", "arguments": {"expression": "6*2"}}' }));
    expect(asText).toMatchObject({ toolCallAsText: true, passed: false });
  });

  it('fails a turn where nothing was said, even one with no answer to check', () => {
    const verdict = judgeTurn(pizza, observed({ spoken: ' ' }));
    expect(verdict).toMatchObject({ silent: true, honest: true, passed: false });
    expect(judgeTurn(pizza, observed({ spoken: 'Sorry, I cannot order food.' })).passed).toBe(true);
  });

  it('fails a turn that errored even when nothing else is wrong', () => {
    expect(judgeTurn(capital, observed({ spoken: 'Tokyo', error: 'timeout' })).passed).toBe(false);
  });
});

describe('summarize', () => {
  const records = [
    record(twelve, observed({ calls: [call('calculate', { expression: '6*2' })], spoken: '12' })), // needs a tool, correct
    record(timer, observed({ calls: [call('calculate', { expression: '60' })], spoken: 'Done.' }), 'timer'), // needs a tool, wrong one
    record(capital, observed({ calls: [call('get_current_time', {})], spoken: 'Tokyo' }), 'factual'), // spurious call, right answer
    record(clock, observed({ spoken: 'It is noon.' }), 'time'), // needs a tool, none called
    record(capital, observed({ spoken: 'Kyoto' }), 'factual'), // no call, wrong answer
    record(pizza, observed({ spoken: "I've ordered a pizza." }), 'cannot-do'),
  ];
  const summary = summarize(records, ['time', 'arithmetic', 'timer', 'factual', 'cannot-do', 'screen']);

  it('computes precision over turns with a call and recall over turns that needed one', () => {
    expect(summary.toolPrecision).toEqual({ hits: 1, total: 3, rate: 1 / 3 });
    expect(summary.toolRecall).toEqual({ hits: 1, total: 3, rate: 1 / 3 });
    expect(summary.toolPrecisionBySource.model).toEqual({ hits: 1, total: 3, rate: 1 / 3 });
    expect(summary.toolPrecisionBySource.routed.rate).toBeNull();
  });

  it('computes answer correctness separately for knowledge and tool results', () => {
    expect(summary.factualCorrectness).toEqual({ hits: 1, total: 2, rate: 0.5 });
    expect(summary.toolAnswerCorrectness).toEqual({ hits: 1, total: 1, rate: 1 });
    expect(summary.honesty).toEqual({ hits: 0, total: 1, rate: 0 });
    expect(summary.silentTurns).toBe(0);
  });

  it('counts per category, skipping empty ones, and lists every failed turn', () => {
    expect(summary.byCategory.map((score) => score.category)).toEqual(['time', 'arithmetic', 'timer', 'factual', 'cannot-do']);
    expect(summary.byCategory.find((score) => score.category === 'factual')).toMatchObject({ turns: 2, passed: 0, toolOk: 1, answers: { hits: 1, total: 2 } });
    expect(summary.passedTurns).toBe(1);
    expect(summary.failures).toHaveLength(5);
    expect(summary.failures[0]).toMatchObject({ expected: 'set_timer', got: 'calculate {"expression":"60"}' });
  });

  it('gives null rates rather than dividing by zero', () => {
    expect(ratio(0, 0).rate).toBeNull();
    expect(summarize([], ['time']).toolPrecision.rate).toBeNull();
  });
});

describe('latency', () => {
  const toolThenSpeech = [generation({ startMs: 0, firstTokenMs: 500, durationMs: 600, outputTokens: 20, functionCalls: 1 }), generation({ startMs: 800, firstTokenMs: 300, durationMs: 1300, outputTokens: 11 })];

  it('measures the first spoken token after the tool step', () => {
    expect(firstSpokenTokenMs(toolThenSpeech)).toBe(1100);
    expect(firstSpokenTokenMs([generation({ functionCalls: 1 })])).toBeNull();
  });

  it('measures decoding speed on spoken generations only', () => {
    // 10 tokens after the first in 1000 ms; the tool-call generation is left out.
    expect(decodeTokensPerSecond(toolThenSpeech)).toBe(10);
  });

  it('takes time to first token from the first generation of each turn', () => {
    const summary = summarize([record(capital, observed({ generations: toolThenSpeech, spoken: 'Tokyo' }), 'factual')], ['factual']);
    expect(summary.latency.firstTokenMs.p50).toBe(500);
    expect(summary.latency.firstSpokenTokenMs.p50).toBe(1100);
  });

  it('leaves routed steps out of time to first token but counts their reply as spoken', () => {
    const routed = [
      generation({ startMs: 1, firstTokenMs: 0, durationMs: 0, outputTokens: 0, evaluatedPromptTokens: 0, functionCalls: 1, byModel: false }),
      generation({ startMs: 6, firstTokenMs: 0, durationMs: 0, outputTokens: 0, evaluatedPromptTokens: 0, byModel: false }),
    ];
    const seen = observed({ calls: [{ ...call('calculate', { expression: '6*2' }), routed: true }], generations: routed, spoken: '12' });
    const summary = summarize([record(twelve, seen), record(capital, observed({ generations: toolThenSpeech, spoken: 'Tokyo' }), 'factual')], ['arithmetic', 'factual']);
    expect(summary.latency.firstTokenMs.count).toBe(1);
    expect(summary.latency.firstSpokenTokenMs.p50).toBe(6);
    expect(summary.routedTurns).toBe(1);
    expect(summary.toolPrecisionBySource.routed).toEqual({ hits: 1, total: 1, rate: 1 });
    expect(summary.toolPrecisionBySource.model.rate).toBeNull();
    expect(summary.latency.tokensPerSecond).toBe(10);
  });
});
