import { describe, expect, it } from 'vitest';
import type { EvalItem } from './eval-set.js';
import { answerOf, argsCheckOf, argumentProblems, keyedTurns, replyProblems } from './set-checks.js';

const ITEMS: EvalItem[] = [
  {
    id: 'sum',
    category: 'follow-up',
    turns: [
      { user: 'what is two and two', expectedTool: 'calculate', argsCheck: { expects: 'expression = 2 + 2', test: (args) => args.expression === '2 + 2' }, answer: /\b(4|four)\b/i },
      { user: 'thanks', expectedTool: null },
    ],
  },
  { id: 'tool-unchecked', category: 'timer', turns: [{ user: 'set a timer', expectedTool: 'set_timer' }] },
];
const turns = keyedTurns(ITEMS);

describe('the held-out sets’ shared checks', () => {
  it('keys turns by item and turn number, and finds their patterns', () => {
    expect(turns.map(({ key }) => key)).toEqual(['sum#1', 'sum#2', 'tool-unchecked#1']);
    expect(answerOf(turns, 'sum#1').test('four')).toBe(true);
    expect(argsCheckOf(turns, 'sum#1').expects).toBe('expression = 2 + 2');
    expect(() => answerOf(turns, 'sum#2')).toThrow('no answer for sum#2');
    expect(() => argsCheckOf(turns, 'nothing#1')).toThrow('no turn nothing#1');
  });

  it('reports a pattern that refuses a right reply or accepts a wrong one, and replies for the wrong turns', () => {
    expect(replyProblems(turns, { 'sum#1': { right: 'It is four.', wrong: 'It is five.' } })).toEqual({ problems: [], wrongChecked: 1 });
    expect(replyProblems(turns, { 'sum#1': { right: 'It is five.', wrong: 'It is 4.' } }).problems).toEqual([
      'sum#1: refuses the right reply "It is five."',
      'sum#1: accepts the wrong reply "It is 4."',
    ]);
    expect(replyProblems(turns, { 'sum#2': { right: 'ok' } }).problems[0]).toMatch(/not those with sample replies/);
  });

  it('reports arguments a check refuses, and tool turns with no check', () => {
    expect(argumentProblems(turns, { 'sum#1': { expression: '2 + 2' } })).toEqual(['tool-unchecked#1: calls set_timer with no argument check']);
    expect(argumentProblems(turns, { 'sum#1': { expression: '2 * 2' } })[0]).toBe('sum#1: refuses {"expression":"2 * 2"} (expression = 2 + 2)');
  });
});
