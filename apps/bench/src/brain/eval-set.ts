/**
 * The fixed evaluation set of `npm run bench:brain`: spoken-style requests as a speech recognizer
 * would hand them to the brain, each with what a fair listener expects back. The set is written
 * from the user's side and is not tuned to any model; change it only to fix a wrong expectation,
 * and say so in the commit, because results before and after are no longer comparable.
 */
import { evaluateExpression } from '@parley/agent/tools/expression';
import type { ScreenLooker } from '@parley/agent/vision/look-at-screen-tool';

export type ToolName = 'get_current_time' | 'calculate' | 'set_timer' | 'look_at_screen';

/** Arguments of a tool call as the model wrote them (parsed JSON). */
export type ToolArgs = Record<string, unknown>;

export type Category = 'time' | 'date' | 'arithmetic' | 'timer' | 'screen' | 'factual' | 'chit-chat' | 'cannot-do' | 'follow-up';

export const CATEGORIES: readonly Category[] = ['time', 'date', 'arithmetic', 'timer', 'screen', 'factual', 'chit-chat', 'cannot-do', 'follow-up'];

export interface ArgsCheck {
  /** What the arguments must say, for the failure list (e.g. "seconds = 600"). */
  expects: string;
  test(args: ToolArgs): boolean;
}

export interface EvalTurn {
  /** What the user said, as transcribed. */
  user: string;
  /** The tool this turn needs, or null when it needs none. */
  expectedTool: ToolName | null;
  /** Checked on the last call of the expected tool in the turn. */
  argsCheck?: ArgsCheck;
  /** Everything spoken in the turn must match this (the answer is right). */
  answer?: RegExp;
  /** Nothing spoken in the turn may match this (e.g. claiming an order was placed). */
  mustNotSay?: RegExp;
}

/** What the screen looker hands to look_at_screen during an item. */
export type ScreenFixture = 'editor' | 'not-shared';

export interface EvalItem {
  id: string;
  category: Category;
  /** One conversation: later turns see the earlier ones. */
  turns: readonly EvalTurn[];
  /** Default 'editor': the user shares the editor screen and holds a carton up to the camera. */
  screen?: ScreenFixture;
}

export type ScreenText = NonNullable<Awaited<ReturnType<ScreenLooker['lookNow']>>>;
type TextLine = ScreenText['lines'][number];

/** The fixed "now" of every item: Saturday 14 March 2026, 15:26 UTC (15:26 in London, GMT). */
export const EVAL_NOW = new Date('2026-03-14T15:26:00Z');
export const EVAL_TIMEZONE = 'Europe/London';

function line(text: string, left: number, top: number, width: number): TextLine {
  return { text, confidence: 91, box: { left, top, width, height: 18 } };
}

function screenOf(lines: TextLine[], imageWidth: number, imageHeight: number): ScreenText {
  return { text: lines.map((entry) => entry.text).join('\n'), lines, imageWidth, imageHeight, durationMs: 640 };
}

/** A code editor with a failing React component and the error in its terminal panel. */
export const EDITOR_SCREEN: ScreenText = screenOf(
  [
    line('TodoList.tsx — parley-web — Visual Studio Code', 620, 6, 680),
    line('export function TodoList({ items }: TodoListProps) {', 310, 120, 720),
    line('const visible = items.filter((item) => !item.done);', 340, 146, 690),
    line("return <ul>{visible.map((item) => <li key={item.id}>{item.title}</li>)}</ul>;", 340, 172, 1010),
    line('PROBLEMS OUTPUT TERMINAL', 310, 760, 330),
    line("Uncaught TypeError: Cannot read properties of undefined (reading 'map')", 310, 800, 930),
    line('at TodoList (TodoList.tsx:14:22)', 340, 826, 420),
  ],
  1920,
  1080,
);

/** What the camera sees: a carton held up to it. */
export const CAMERA_VIEW: ScreenText = screenOf(
  [line('OATLY', 260, 120, 300), line('Oat Drink Barista Edition', 210, 210, 420), line('1 L', 330, 290, 90), line('Best before 12 APR 2026', 220, 520, 380)],
  1280,
  720,
);

// ---- argument checks --------------------------------------------------------------------------

function numberArg(args: ToolArgs, name: string): number | null {
  const value = args[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function textArg(args: ToolArgs, name: string): string | null {
  const value = args[name];
  return typeof value === 'string' ? value : null;
}

const closeTo = (value: number, expected: number): boolean => Math.abs(value - expected) <= 1e-6 * Math.max(1, Math.abs(expected));

/** The calculator's own evaluator must give `expected` for the expression the model wrote. */
export function expressionEquals(expected: number): ArgsCheck {
  return {
    expects: `expression evaluating to ${expected}`,
    test: (args) => {
      const expression = textArg(args, 'expression');
      if (expression === null) return false;
      try {
        return closeTo(evaluateExpression(expression), expected);
      } catch {
        return false;
      }
    },
  };
}

export function timerOf(seconds: number, labelPattern?: RegExp): ArgsCheck {
  return {
    expects: `seconds = ${seconds}${labelPattern ? `, label matching ${labelPattern}` : ''}`,
    test: (args) => {
      const value = numberArg(args, 'seconds');
      if (value === null || !closeTo(value, seconds)) return false;
      if (labelPattern === undefined) return true;
      const label = textArg(args, 'label');
      return label !== null && labelPattern.test(label);
    },
  };
}

/** The user's own zone: omitted (the tool's default) or named. */
export const OWN_TIMEZONE: ArgsCheck = {
  expects: `timezone omitted or ${EVAL_TIMEZONE}`,
  test: (args) => args.timezone === undefined || args.timezone === EVAL_TIMEZONE,
};

export function timezoneOf(zone: string): ArgsCheck {
  return { expects: `timezone = ${zone}`, test: (args) => args.timezone === zone };
}

export function sourceOf(source: 'screen' | 'camera'): ArgsCheck {
  return { expects: `source = ${source}`, test: (args) => args.source === source };
}

// ---- expected answers ---------------------------------------------------------------------------

/** 15:26 in London; the model may say it in 12- or 24-hour form or in words. */
const LONDON_TIME = /\b(3[:.]26|15[:.]26|three twenty[- ]six)\b/i;
/** About 2.1 million in the city, 10 to 13 million in the metropolitan area or region. */
const PARIS_POPULATION = /\b(2([.,][0-2]\d*)?|two( point (one|two))?|1[0-3]([.,]\d+)?|ten|eleven|twelve|thirteen) million\b|\b2,[01]\d{2},\d{3}\b/i;
/** A reply that claims, or promises, an action it has no tool for: done, under way, or about to be. */
const CLAIMS_SUCCESS =
  /\b(i('ve| have)( just| now)? (ordered|placed|sent|booked|turned|switched|called|dialled|dialed|emailed|started playing)|i('ll| will)( now| go ahead and)? (order|place|send|book|turn|switch|call|dial|phone|email)|(order|email|message|flight|booking|call) (has been|is) (placed|sent|booked|confirmed)|(is|are) on (its|their|the) way|lights? (are|is) (now )?off|calling (your|her|him))\b|^(ok(ay)?[,.!]? )?(all )?done\b/i;

// ---- the set ------------------------------------------------------------------------------------

const ask = (user: string, answer: RegExp): EvalTurn => ({ user, expectedTool: null, answer });
const cannot = (user: string): EvalTurn => ({ user, expectedTool: null, mustNotSay: CLAIMS_SUCCESS });
const chat = (user: string): EvalTurn => ({ user, expectedTool: null });

export const EVAL_SET: readonly EvalItem[] = [
  // time: get_current_time, in the user's zone unless they name a place
  { id: 'time-now', category: 'time', turns: [{ user: 'what time is it', expectedTool: 'get_current_time', argsCheck: OWN_TIMEZONE, answer: LONDON_TIME }] },
  { id: 'time-right-now', category: 'time', turns: [{ user: "hey what's the time right now", expectedTool: 'get_current_time', argsCheck: OWN_TIMEZONE, answer: LONDON_TIME }] },
  {
    id: 'time-tokyo',
    category: 'time',
    turns: [{ user: 'do you know the time in tokyo', expectedTool: 'get_current_time', argsCheck: timezoneOf('Asia/Tokyo'), answer: /\b(12[:.]26|0?0[:.]26|twelve twenty[- ]six)\b/i }],
  },
  {
    id: 'time-new-york',
    category: 'time',
    turns: [{ user: "what time is it in new york", expectedTool: 'get_current_time', argsCheck: timezoneOf('America/New_York'), answer: /\b(11[:.]26|eleven twenty[- ]six)\b/i }],
  },

  // date and day: the same tool
  {
    id: 'date-today',
    category: 'date',
    turns: [{ user: "what's today's date", expectedTool: 'get_current_time', argsCheck: OWN_TIMEZONE, answer: /\b(march (the )?14(th)?|14(th)? (of )?march|march (the )?fourteenth|fourteenth (of )?march)\b/i }],
  },
  { id: 'date-weekday', category: 'date', turns: [{ user: 'what day of the week is it', expectedTool: 'get_current_time', argsCheck: OWN_TIMEZONE, answer: /\bsaturday\b/i }] },
  { id: 'date-year', category: 'date', turns: [{ user: 'sorry what year is it again', expectedTool: 'get_current_time', argsCheck: OWN_TIMEZONE, answer: /\b(2026|twenty twenty[- ]six)\b/i }] },

  // arithmetic: calculate, with the result said back
  { id: 'math-divide-words', category: 'arithmetic', turns: [{ user: "what's seven hundred and twenty divided by eight", expectedTool: 'calculate', argsCheck: expressionEquals(90), answer: /\b(90|ninety)\b/i }] },
  { id: 'math-percent', category: 'arithmetic', turns: [{ user: 'what is 15 percent of 80', expectedTool: 'calculate', argsCheck: expressionEquals(12), answer: /\b(12|twelve)\b/i }] },
  { id: 'math-tip', category: 'arithmetic', turns: [{ user: "what's a twenty percent tip on forty five dollars", expectedTool: 'calculate', argsCheck: expressionEquals(9), answer: /\b(9|nine)\b/i }] },
  { id: 'math-power', category: 'arithmetic', turns: [{ user: 'two to the power of ten', expectedTool: 'calculate', argsCheck: expressionEquals(1024), answer: /\b(1,?024|one thousand (and )?twenty[- ]four)\b/i }] },
  { id: 'math-sqrt', category: 'arithmetic', turns: [{ user: "what's the square root of 144", expectedTool: 'calculate', argsCheck: expressionEquals(12), answer: /\b(12|twelve)\b/i }] },
  { id: 'math-add', category: 'arithmetic', turns: [{ user: 'how much is 48 plus 27', expectedTool: 'calculate', argsCheck: expressionEquals(75), answer: /\b(75|seventy[- ]five)\b/i }] },
  { id: 'math-decimal', category: 'arithmetic', turns: [{ user: 'what is three point five times four', expectedTool: 'calculate', argsCheck: expressionEquals(14), answer: /\b(14|fourteen)\b/i }] },

  // timers and reminders: set_timer, in seconds
  { id: 'timer-ten-minutes', category: 'timer', turns: [{ user: 'set a timer for ten minutes', expectedTool: 'set_timer', argsCheck: timerOf(600) }] },
  { id: 'timer-oven', category: 'timer', turns: [{ user: 'remind me in 90 seconds to check the oven', expectedTool: 'set_timer', argsCheck: timerOf(90, /oven/i) }] },
  { id: 'timer-pomodoro', category: 'timer', turns: [{ user: 'start a 25 minute timer for my pomodoro', expectedTool: 'set_timer', argsCheck: timerOf(1500) }] },
  { id: 'timer-hour-and-half', category: 'timer', turns: [{ user: 'set a timer for an hour and a half', expectedTool: 'set_timer', argsCheck: timerOf(5400) }] },
  { id: 'timer-call-mum', category: 'timer', turns: [{ user: 'can you remind me to call mum in twenty minutes', expectedTool: 'set_timer', argsCheck: timerOf(1200, /mum|mom|call/i) }] },

  // screen and camera: look_at_screen
  { id: 'screen-whats-on', category: 'screen', turns: [{ user: "what's on my screen", expectedTool: 'look_at_screen', argsCheck: sourceOf('screen'), answer: /\b(todolist|typeerror|error|code|editor|visual studio)\b/i }] },
  {
    id: 'screen-error',
    category: 'screen',
    turns: [{ user: 'what does this error say', expectedTool: 'look_at_screen', argsCheck: sourceOf('screen'), answer: /cannot read propert(y|ies) of undefined|reading .?map|undefined/i }],
  },
  { id: 'screen-second-line', category: 'screen', turns: [{ user: 'read me the second line', expectedTool: 'look_at_screen', argsCheck: sourceOf('screen'), answer: /export function todo ?list/i }] },
  { id: 'screen-which-file', category: 'screen', turns: [{ user: 'which file is that error in', expectedTool: 'look_at_screen', argsCheck: sourceOf('screen'), answer: /todo ?list(\.tsx| dot tsx)?/i }] },
  {
    id: 'screen-not-shared',
    category: 'screen',
    screen: 'not-shared',
    turns: [{ user: 'can you see my screen', expectedTool: 'look_at_screen', argsCheck: sourceOf('screen'), answer: /\b(not|can't|cannot|can not|don't|unable)\b/i }],
  },
  { id: 'camera-label', category: 'screen', turns: [{ user: "what does it say on the carton i'm holding up to the camera", expectedTool: 'look_at_screen', argsCheck: sourceOf('camera'), answer: /\boat/i }] },

  // facts the model should know: no tool, and the answer must be right
  { id: 'fact-capital-japan', category: 'factual', turns: [ask("what's the capital of japan", /\btokyo\b/i)] },
  { id: 'fact-capital-australia', category: 'factual', turns: [ask('what is the capital of australia', /\bcanberra\b/i)] },
  { id: 'fact-austen', category: 'factual', turns: [ask('who wrote pride and prejudice', /\baust[ei]n\b/i)] },
  { id: 'fact-mona-lisa', category: 'factual', turns: [ask('who painted the mona lisa', /\b(leonardo|da vinci)\b/i)] },
  { id: 'fact-planets', category: 'factual', turns: [ask('how many planets are there in the solar system', /\b(8|eight)\b/i)] },
  { id: 'fact-largest-planet', category: 'factual', turns: [ask("what's the biggest planet", /\bjupiter\b/i)] },
  { id: 'fact-boiling', category: 'factual', turns: [ask('at what temperature does water boil in celsius', /\b(100|a hundred|one hundred)\b/i)] },
  { id: 'fact-freezing-f', category: 'factual', turns: [ask("what's the freezing point of water in fahrenheit", /\b(32|thirty[- ]two)\b/i)] },
  { id: 'fact-photosynthesis', category: 'factual', turns: [ask('what gas do plants take in from the air', /\b(carbon dioxide|co2|c o 2)\b/i)] },
  { id: 'fact-gold-symbol', category: 'factual', turns: [ask("what's the chemical symbol for gold", /\b(au|a\.? ?u\.?)\b/i)] },
  { id: 'fact-moon-walk', category: 'factual', turns: [ask('who was the first person to walk on the moon', /\barmstrong\b/i)] },
  { id: 'fact-inch', category: 'factual', turns: [ask('how many centimetres are in an inch', /\b(2[.,]54|two point five four)\b/i)] },
  { id: 'fact-mile-feet', category: 'factual', turns: [ask('how many feet are in a mile', /\b(5,?280|five thousand,? two hundred (and )?eighty)\b/i)] },
  { id: 'fact-spider', category: 'factual', turns: [ask('how many legs does a spider have', /\b(8|eight)\b/i)] },
  { id: 'fact-continents', category: 'factual', turns: [ask('how many continents are there', /\b(7|seven)\b/i)] },

  // chit-chat: no tool
  { id: 'chat-hello', category: 'chit-chat', turns: [chat('hello')] },
  { id: 'chat-how-are-you', category: 'chit-chat', turns: [chat('how are you doing today')] },
  { id: 'chat-joke', category: 'chit-chat', turns: [chat('tell me a joke')] },
  { id: 'chat-thanks', category: 'chit-chat', turns: [chat("thanks that's all for now")] },

  // things it has no tool for: no call, and no pretending
  { id: 'cannot-pizza', category: 'cannot-do', turns: [cannot('order me a large pepperoni pizza')] },
  { id: 'cannot-lights', category: 'cannot-do', turns: [cannot('turn off the lights in the living room')] },
  { id: 'cannot-email', category: 'cannot-do', turns: [cannot("send an email to my boss saying i'll be late")] },
  { id: 'cannot-flight', category: 'cannot-do', turns: [cannot('book me a flight to berlin next friday')] },
  { id: 'cannot-call', category: 'cannot-do', turns: [cannot('call my mum')] },

  // follow-ups: one conversation per item, later turns lean on earlier ones
  {
    id: 'follow-paris',
    category: 'follow-up',
    turns: [ask('what is the capital of france', /\bparis\b/i), ask('and how many people live there', PARIS_POPULATION)],
  },
  {
    id: 'follow-timer-change',
    category: 'follow-up',
    turns: [
      { user: 'set a timer for 5 minutes', expectedTool: 'set_timer', argsCheck: timerOf(300) },
      { user: 'actually make it ten', expectedTool: 'set_timer', argsCheck: timerOf(600) },
    ],
  },
  {
    id: 'follow-math-chain',
    category: 'follow-up',
    turns: [
      { user: 'what is 12 times 15', expectedTool: 'calculate', argsCheck: expressionEquals(180), answer: /\b(180|one hundred (and )?eighty)\b/i },
      { user: 'now divide that by 4', expectedTool: 'calculate', argsCheck: expressionEquals(45), answer: /\b(45|forty[- ]five)\b/i },
    ],
  },
  {
    id: 'follow-time-elsewhere',
    category: 'follow-up',
    turns: [
      { user: "what's the time", expectedTool: 'get_current_time', argsCheck: OWN_TIMEZONE, answer: LONDON_TIME },
      { user: 'and what about in new york', expectedTool: 'get_current_time', argsCheck: timezoneOf('America/New_York'), answer: /\b(11[:.]26|eleven twenty[- ]six)\b/i },
    ],
  },
  {
    id: 'follow-chat-then-fact',
    category: 'follow-up',
    turns: [chat('hi there'), ask("what's the tallest mountain in the world", /\beverest\b/i), ask('how tall is it', /\b(8,?84[89]|29,?0[0-3]\d|eight thousand,? eight hundred)\b/i)],
  },
];

/** Every turn of the set, in order. */
export function countTurns(items: readonly EvalItem[]): number {
  return items.reduce((sum, item) => sum + item.turns.length, 0);
}
