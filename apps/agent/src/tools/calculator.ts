import { llm } from '@livekit/agents';
import { z } from 'zod';
import { evaluateExpression, ExpressionError } from './expression.js';
import { isRecord, type ToolIntent } from './intents.js';
import type { ToolDefinition } from './tool-services.js';

const NUMBER = String.raw`\d+(?:\.\d+)?`;

/** Seconds in each unit of time, for "how many minutes are in 3.5 hours". */
const TIME_UNIT_SECONDS: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86_400, week: 604_800 };
const TIME_UNIT = String.raw`(seconds?|minutes?|hours?|days?|weeks?)`;

/** Spoken arithmetic as symbols: "15 percent of 80" → "(15/100*80)", "12 times 15" → "12 * 15". */
export function arithmeticOf(text: string): string {
  return (
    text
      // What a recognizer hears for "two" and "four" after an operator: "120 times to".
      .replace(/\b(times|plus|minus|multiplied by|divided by|over) (?:to|too)\b/g, '$1 2')
      .replace(/\b(times|plus|minus|multiplied by|divided by|over) for\b(?=[?.!]?$)/g, '$1 4')
      .replace(/\$ ?(\d)/g, '$1')
      .replace(/\b(\d+(?:\.\d+)?) (?:dollars?|euros?|pounds?|quid|bucks|cents?)\b/g, '$1')
      .replace(/\b(\d+) and a half\b/g, '$1.5')
      .replace(/\ba half\b|\bhalf an?\b/g, '0.5')
      .replace(new RegExp(String.raw`(?:the )?square root of (${NUMBER})`, 'g'), 'sqrt($1)')
      // "60 with 25 percent off", "60 at 25 percent off": the sale price.
      .replace(new RegExp(String.raw`(${NUMBER})(?: \w+){0,2}? (?:with|at|and) (?:an? )?(${NUMBER}) ?(?:percent|%) (?:off|discount)`, 'g'), '($1*(1-$2/100))')
      // "80 plus 20 percent vat", "with 15 percent tax": the amount grows by the share.
      .replace(new RegExp(String.raw`(${NUMBER}) (?:plus|with|and|\+|add|including) (${NUMBER}) ?(?:percent|%)(?: (?:vat|tax|service|tip|interest|extra|more|on top))?`, 'g'), '($1*(1+$2/100))')
      // "20 percent off 50": the sale price; "50 minus 20 percent" likewise.
      .replace(new RegExp(String.raw`(${NUMBER}) ?(?:percent|%) (?:off|discount on|discount off) (${NUMBER})`, 'g'), '($2*(1-$1/100))')
      .replace(new RegExp(String.raw`(${NUMBER}) (?:minus|less|-) (${NUMBER}) ?(?:percent|%)`, 'g'), '($1*(1-$2/100))')
      .replace(new RegExp(String.raw`(${NUMBER}) ?(?:percent|%)(?: tip| discount| tax| vat)? (?:of|on|from) (?:an? )?(${NUMBER})`, 'g'), '($1/100*$2)')
      // "tip on a 65 bill if i want to leave 20 percent": the share of the one other amount.
      // "tip on a 64 bill if i'm doing 15 percent" (words with apostrophes between).
      .replace(new RegExp(String.raw`\b(?:tip|tax|vat|discount)\b(?: [\w']+){0,4}? (${NUMBER})\b(?! ?(?:percent|%))(?: [\w']+){0,8}? (${NUMBER}) ?(?:percent|%)`, 'g'), '($2/100*$1)')
      // "split 96 4 ways", "96 between 4 people"
      .replace(new RegExp(String.raw`(${NUMBER})(?: \w+){0,3}? (${NUMBER}) ways\b`, 'g'), '$1 / $2')
      .replace(new RegExp(String.raw`(${NUMBER})(?: \w+){0,2}? (?:between|among|amongst) (${NUMBER})(?: people| of us| friends| persons)?`, 'g'), '$1 / $2')
      // "the bill's 187.50 and there's 5 of us, how much each": an amount, then a head count, then a share.
      .replace(new RegExp(String.raw`(${NUMBER})\b(?! ?(?:percent|%))(?:,? [\w']+){0,4}?,? (${NUMBER}) (?:of us|of you|of them|people|persons|friends|guests)\b(?=.*\b(?:each|per (?:person|head)|apiece|a head)\b)`, 'g'), '$1 / $2')
      // "how many minutes are in 3.5 hours"
      .replace(new RegExp(String.raw`how many ${TIME_UNIT}(?: are| is)?(?: there)? in (?:an? )?(${NUMBER})? ?${TIME_UNIT}`, 'g'), (_m, small: string, count: string | undefined, big: string) => {
        const ratio = (TIME_UNIT_SECONDS[big.replace(/s$/, '')] ?? 0) / (TIME_UNIT_SECONDS[small.replace(/s$/, '')] ?? 1);
        return `${count ?? 1} * ${ratio}`;
      })
      .replace(new RegExp(String.raw`\bdouble (${NUMBER})`, 'g'), '$1 * 2')
      .replace(new RegExp(String.raw`\b(?:triple|treble) (${NUMBER})`, 'g'), '$1 * 3')
      .replace(new RegExp(String.raw`\bhalf (?:of )?(${NUMBER})`, 'g'), '$1 / 2')
      .replace(new RegExp(String.raw`0\.5 (?:of )?(${NUMBER})`, 'g'), '0.5 * $1')
      .replace(new RegExp(String.raw`(${NUMBER}) squared`, 'g'), '$1^2')
      .replace(new RegExp(String.raw`(${NUMBER}) cubed`, 'g'), '$1^3')
      .replace(new RegExp(String.raw`divide (${NUMBER}) by (${NUMBER})`, 'g'), '$1 / $2')
      .replace(new RegExp(String.raw`multiply (${NUMBER}) (?:by|and) (${NUMBER})`, 'g'), '$1 * $2')
      .replace(new RegExp(String.raw`add (${NUMBER}) (?:and|to) (${NUMBER})`, 'g'), '$1 + $2')
      .replace(new RegExp(String.raw`subtract (${NUMBER}) from (${NUMBER})`, 'g'), '$2 - $1')
      .replace(new RegExp(String.raw`take (?:away )?(${NUMBER}) (?:away )?from (${NUMBER})`, 'g'), '$2 - $1')
      // "take 51 off the 340", "knock 20 off 95".
      .replace(new RegExp(String.raw`(?:take|knock) (${NUMBER}) off (?:the |of )?(${NUMBER})`, 'g'), '$2 - $1')
      .replace(/\b(?:multiplied by|times|x)\b/g, '*')
      .replace(/\b(?:divided by|over)\b/g, '/')
      .replace(/\b(?:plus|added to)\b/g, '+')
      .replace(/\b(?:minus|take away|less)\b/g, '-')
      .replace(/\bto the power of\b/g, '^')
  );
}

const ASKS_ARITHMETIC = /\b(what(?:'s| is)|how much|how many|calculate|compute|work out|tell me|what do you get|what do i (?:\w+ )?(?:pay|owe|get back)|what should (?:i|we) (?:\w+ )?(?:leave|tip|give|pay)|what would (?:i|it|that) (?:\w+ )?(?:pay|cost|come to)|what does (?:it|that) come to|equals?|split|double|triple|half of)\b|^[\d(]/;
const EXPRESSION = /(?:sqrt\(|[\d(])[\d\s.+\-*/^%()sqrt]*[\d)]/g;
/** "that", "it", "the result": the previous answer, in a follow-up such as "now divide that by 4". */
const PREVIOUS_RESULT = /\b(that|it|the result|the answer|this)\b/;

export const calculatorIntent: ToolIntent = {
  // An arithmetic word, or digits with an operator between them: a number alone ("I ran 5 k in 28
  // minutes", "my flight is at 6") is no request to calculate, though small models often call it one.
  mentions: /\d ?[+*/^x×÷=-] ?\d|\b(plus|minus|times|multipl\w*|divid\w*|over|percent|sum|total|average|mean|square|squared|root|cubed|calculat\w*|comput\w*|how much|how many|split|tip|half|double|twice|triple|add|subtract|take away|each|per|ways|equals?|vat|tax|discount|off)\b/,
  match(text, previous) {
    let request = text;
    const before = previous?.name === 'calculate' && isRecord(previous.output) && typeof previous.output.result === 'number' ? previous.output.result : null;
    if (before !== null) {
      const value = before < 0 ? `(${before})` : String(before);
      // "now divide that by 4" → "what is divide 180 by 4"; "and times 3" → "what is 180 times 3".
      if (PREVIOUS_RESULT.test(text)) request = text.replace(new RegExp(PREVIOUS_RESULT.source, 'g'), value).replace(/^(?:(?:and|now|then|ok(?:ay)?|so|right),? )+/, 'what is ');
      else if (/^(?:and |now |then )?(?:times|plus|minus|divided by|multiplied by|over) \d/.test(text)) request = `what is ${value} ${text.replace(/^(?:and |now |then )/, '')}`;
    }
    if (!ASKS_ARITHMETIC.test(request) && !/^(?:(?:please |can you |could you )?(?:divide|multiply|add|subtract|take)) /.test(request)) return null;
    const arithmetic = arithmeticOf(request);
    // The longest run of numbers and operators that has an operator in it and evaluates.
    const candidates = [...arithmetic.matchAll(EXPRESSION)].map((match) => match[0].trim()).filter((expression) => /[\d)]\s*[+\-*/^%]\s*[\d(s]|sqrt\(/.test(expression));
    const expression = candidates.sort((a, b) => b.length - a.length)[0];
    if (expression === undefined) return null;
    try {
      evaluateExpression(expression);
    } catch {
      return null;
    }
    return { expression };
  },
  reply(args, output) {
    if (!isRecord(output) || typeof output.result !== 'number' || typeof args.expression !== 'string') return null;
    return `${spokenExpression(args.expression)} is ${spokenNumber(output.result)}.`;
  },
};

function spokenExpression(expression: string): string {
  const words = expression
    .replace(/\((\d+(?:\.\d+)?)\/100\*(\d+(?:\.\d+)?)\)/g, '$1 percent of $2')
    .replace(/\((\d+(?:\.\d+)?)\*\(1\+(\d+(?:\.\d+)?)\/100\)\)/g, '$1 plus $2 percent')
    .replace(/\((\d+(?:\.\d+)?)\*\(1-(\d+(?:\.\d+)?)\/100\)\)/g, '$1 less $2 percent')
    .replace(/sqrt\(([^)]*)\)/g, 'the square root of $1')
    .replace(/\^2\b/g, ' squared')
    .replace(/\*/g, ' times ')
    .replace(/\//g, ' divided by ')
    .replace(/\+/g, ' plus ')
    .replace(/(?<=\d|\s)-/g, ' minus ')
    .replace(/\^/g, ' to the power of ')
    .replace(/\s+/g, ' ')
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Up to four decimals, no trailing zeros, no exponent: how a person reads a result out. */
function spokenNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(4)));
}

export const calculatorTool: ToolDefinition = {
  name: 'calculate',
  intent: calculatorIntent,
  create: () =>
    llm.tool({
      name: 'calculate',
      description: 'Evaluate an arithmetic expression exactly, e.g. "(12.5 * 4) / 3" or "sqrt(2) ^ 2". Supports + - * / % ^, parentheses, pi, e, sqrt, abs, round, floor, ceil, ln, log, sin, cos, tan.',
      parameters: z.object({ expression: z.string().min(1).max(200).describe('the arithmetic expression') }),
      execute: async ({ expression }) => {
        try {
          const value = evaluateExpression(expression);
          return { expression, result: Number(value.toPrecision(12)) };
        } catch (error) {
          if (error instanceof ExpressionError) throw new llm.ToolError(`cannot calculate "${expression}": ${error.message}`);
          throw error;
        }
      },
    }),
};
