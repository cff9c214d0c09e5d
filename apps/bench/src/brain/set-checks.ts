/**
 * What the held-out sets' tests check alike: each answer pattern against sample replies and each
 * argument check against sample arguments, keyed `<item id>#<turn number from 1>`. Returns the
 * problems found rather than asserting, so the tests say what failed in one list.
 */
import type { ArgsCheck, EvalItem, EvalTurn, ToolArgs } from './eval-set.js';

export interface KeyedTurn {
  key: string;
  item: EvalItem;
  turn: EvalTurn;
}

/** A right reply for a turn, and a wrong one its pattern must refuse. */
export interface SampleReplies {
  right: string;
  wrong?: string;
}

export function keyedTurns(items: readonly EvalItem[]): KeyedTurn[] {
  return items.flatMap((item) => item.turns.map((turn, index) => ({ key: `${item.id}#${index + 1}`, item, turn })));
}

function turnAt(turns: readonly KeyedTurn[], key: string): EvalTurn {
  const found = turns.find((entry) => entry.key === key)?.turn;
  if (found === undefined) throw new Error(`no turn ${key}`);
  return found;
}

export function answerOf(turns: readonly KeyedTurn[], key: string): RegExp {
  const answer = turnAt(turns, key).answer;
  if (answer === undefined) throw new Error(`no answer for ${key}`);
  return answer;
}

export function argsCheckOf(turns: readonly KeyedTurn[], key: string): ArgsCheck {
  const check = turnAt(turns, key).argsCheck;
  if (check === undefined) throw new Error(`no argument check for ${key}`);
  return check;
}

const keyList = (keys: Iterable<string>): string => [...keys].sort().join(', ');

/**
 * Every turn with an answer pattern has sample replies and no others do; the pattern accepts the
 * right reply (which its mustNotSay, if any, lets through) and refuses the wrong one.
 */
export function replyProblems(turns: readonly KeyedTurn[], replies: Readonly<Record<string, SampleReplies>>): { problems: string[]; wrongChecked: number } {
  const withAnswer = turns.filter(({ turn }) => turn.answer !== undefined);
  const problems: string[] = [];
  if (keyList(withAnswer.map(({ key }) => key)) !== keyList(Object.keys(replies))) {
    problems.push(`the turns with an answer (${keyList(withAnswer.map(({ key }) => key))}) are not those with sample replies (${keyList(Object.keys(replies))})`);
  }
  let wrongChecked = 0;
  for (const { key, turn } of withAnswer) {
    const sample = replies[key];
    if (sample === undefined || turn.answer === undefined) continue;
    if (!turn.answer.test(sample.right)) problems.push(`${key}: refuses the right reply "${sample.right}"`);
    if (turn.mustNotSay?.test(sample.right) === true) problems.push(`${key}: the right reply "${sample.right}" says what it must not`);
    if (sample.wrong !== undefined) {
      if (turn.answer.test(sample.wrong)) problems.push(`${key}: accepts the wrong reply "${sample.wrong}"`);
      wrongChecked += 1;
    }
  }
  return { problems, wrongChecked };
}

/** Every turn with an argument check has sample arguments it accepts and no others do; every tool turn has a check. */
export function argumentProblems(turns: readonly KeyedTurn[], args: Readonly<Record<string, ToolArgs>>): string[] {
  const withCheck = turns.filter(({ turn }) => turn.argsCheck !== undefined);
  const problems: string[] = [];
  if (keyList(withCheck.map(({ key }) => key)) !== keyList(Object.keys(args))) {
    problems.push(`the turns with an argument check (${keyList(withCheck.map(({ key }) => key))}) are not those with sample arguments (${keyList(Object.keys(args))})`);
  }
  for (const { key, turn } of withCheck) {
    const sample = args[key];
    if (sample !== undefined && turn.argsCheck?.test(sample) === false) problems.push(`${key}: refuses ${JSON.stringify(sample)} (${turn.argsCheck.expects})`);
  }
  for (const { key, turn } of turns) if (turn.expectedTool !== null && turn.argsCheck === undefined) problems.push(`${key}: calls ${turn.expectedTool} with no argument check`);
  return problems;
}
