import { describe, expect, it } from 'vitest';
import { CAMERA_VIEW, CATEGORIES, countTurns, EDITOR_SCREEN, EVAL_SET, type ToolArgs } from './eval-set.js';
import { clockAt, CLAIMS_SUCCESS, HELD_OUT_SET, saysNumber, SCREEN_SOURCE, timezoneIn } from './held-out-set.js';
import { answerOf, argsCheckOf, argumentProblems, keyedTurns, replyProblems, type SampleReplies } from './set-checks.js';

const turns = keyedTurns(HELD_OUT_SET);

/** A right reply for every turn with an answer pattern; a wrong one for some. */
const REPLIES: Record<string, SampleReplies> = {
  'ho-time-own#1': { right: 'It’s 3:26 PM.', wrong: 'It’s 4:26 PM.' },
  'ho-time-own-indirect#1': { right: 'Right now it is twenty-six minutes past three.' },
  'ho-time-los-angeles#1': { right: "It's 8:26 in the morning in Los Angeles.", wrong: "It's 7:26 AM in Los Angeles." },
  'ho-time-mumbai#1': { right: 'In Mumbai it is 20:56.', wrong: 'In Mumbai it is 20:26.' },
  'ho-time-berlin#1': { right: 'It is four twenty-six in the afternoon in Berlin.', wrong: 'It is 15:26 in Berlin.' },
  'ho-time-dubai#1': { right: "It's 7.26 pm in Dubai." },
  'ho-date-today#1': { right: "Today is Saturday, March 14th, 2026.", wrong: 'Today is Friday, March 13th.' },
  'ho-date-weekday#1': { right: "It's Saturday.", wrong: "It's Friday." },
  'ho-date-weekend#1': { right: 'Yes, it’s Saturday!', wrong: "No, it's Friday, one more day to go." },
  'ho-date-year#1': { right: 'It is twenty twenty-six.', wrong: 'It is 2025.' },
  'ho-date-tomorrow#1': { right: 'Tomorrow is the 15th of March.', wrong: 'Tomorrow is March 14.' },
  'ho-date-sydney#1': { right: 'In Sydney it is already Sunday, 2:26 in the morning.', wrong: 'In Sydney it is Saturday the 14th of March.' },
  'ho-arith-percent#1': { right: 'Fifteen percent of eighty is 12.', wrong: 'That is 12.5.' },
  'ho-arith-tip#1': { right: 'A twenty percent tip would be $13.00.', wrong: 'A twenty percent tip would be $13.50.' },
  'ho-arith-half#1': { right: 'Half of 350 is one hundred and seventy-five.', wrong: 'Half of 350 is 170.' },
  'ho-arith-product#1': { right: '17 times 23 is 391.', wrong: '17 times 23 is 381.' },
  'ho-arith-sqrt#1': { right: 'The square root of 144 is twelve.' },
  'ho-arith-split#1': { right: 'That comes to £24 each.', wrong: 'That comes to £32 each.' },
  'ho-arith-minutes#1': { right: 'Three and a half hours is 210 minutes.', wrong: 'That is 180 minutes.' },
  'ho-arith-power#1': { right: 'Two to the power of ten is 1,024.', wrong: 'Two to the power of ten is 1,000.' },
  'ho-arith-vat#1': { right: 'With VAT that is 96 pounds.', wrong: 'With VAT that is 16 pounds.' },
  'ho-screen-whats-on#1': { right: 'You have TodoList.tsx open in Visual Studio Code, with an error in the terminal.' },
  'ho-screen-error#1': { right: "It says: Uncaught TypeError: Cannot read properties of undefined (reading 'map').", wrong: 'There is no error on your screen.' },
  'ho-screen-third-line#1': { right: 'The third line is: const visible = items.filter((item) => !item.done);' },
  'ho-screen-error-line#1': { right: 'The error is on line 14 of TodoList.tsx.', wrong: 'The error is on line 22.' },
  'ho-screen-file#1': { right: 'You have TodoList.tsx open.' },
  'ho-camera-product#1': { right: "You're holding a carton of Oatly oat drink, Barista Edition.", wrong: "You're holding a bottle of milk." },
  'ho-camera-best-before#1': { right: 'The best before date is 12 April 2026.', wrong: 'It is best before 21 April.' },
  'ho-screen-not-shared#1': { right: "I can't see your screen right now — it isn't being shared.", wrong: 'I see Visual Studio Code with TodoList.tsx.' },
  'ho-fact-japan#1': { right: 'The capital of Japan is Tokyo.', wrong: 'The capital of Japan is Kyoto.' },
  'ho-fact-australia#1': { right: 'Canberra is the capital of Australia.', wrong: 'The capital of Australia is Sydney.' },
  'ho-fact-planets#1': { right: 'There are eight planets in the solar system.', wrong: 'There are nine planets.' },
  'ho-fact-largest-planet#1': { right: 'Jupiter is the biggest planet.', wrong: 'Saturn is the biggest planet.' },
  'ho-fact-red-planet#1': { right: 'That would be Mars.' },
  'ho-fact-romeo#1': { right: 'Romeo and Juliet was written by William Shakespeare.', wrong: 'It was written by Christopher Marlowe.' },
  'ho-fact-austen#1': { right: 'Pride and Prejudice was written by Jane Austen.', wrong: 'It was written by Charlotte Brontë.' },
  'ho-fact-mona-lisa#1': { right: 'Leonardo da Vinci painted the Mona Lisa.', wrong: 'Michelangelo painted it.' },
  'ho-fact-boiling#1': { right: 'Water boils at a hundred degrees Celsius at sea level.', wrong: 'Water boils at 212 degrees.' },
  'ho-fact-gold#1': { right: 'The chemical symbol for gold is Au.', wrong: 'The chemical symbol for gold is Ag.' },
  'ho-fact-moon#1': { right: 'Neil Armstrong, in 1969.', wrong: 'Buzz Aldrin was the first.' },
  'ho-fact-leap-year#1': { right: 'A leap year has 366 days.', wrong: 'A leap year has 365 days.' },
  'ho-fu-cities#1': { right: 'It is 11:26 AM in New York.', wrong: 'It is 10:26 AM in New York.' },
  'ho-fu-cities#2': { right: "In Sydney it's 2:26 AM on Sunday.", wrong: "In Sydney it's 12:26 AM." },
  'ho-fu-double#1': { right: '45 times 12 is 540.' },
  'ho-fu-double#2': { right: 'Double that is 1080.', wrong: 'Double that is 540.' },
  'ho-fu-tip-total#1': { right: '18 percent of 85 is $15.30.', wrong: '18 percent of 85 is 15.' },
  'ho-fu-tip-total#2': { right: 'The total would be 100.3.', wrong: 'The total would be 100.' },
  'ho-fu-capital-time#1': { right: 'The capital of Canada is Ottawa.', wrong: 'The capital of Canada is Toronto.' },
  'ho-fu-capital-time#2': { right: "It's eleven twenty-six in the morning in Ottawa." },
  'ho-fu-screen-lines#1': { right: 'It says export function TodoList({ items }: TodoListProps) {' },
  'ho-fu-screen-lines#2': { right: 'The second line is: const visible = items.filter((item) => !item.done);' },
  'ho-fu-error-fix#1': { right: "It's a TypeError: cannot read properties of undefined, reading map." },
  'ho-fu-error-fix#2': { right: "It's on line fourteen of TodoList.tsx.", wrong: 'Line 41.' },
  'ho-fu-error-fix#3': { right: 'items is undefined when the component renders; give it a default of an empty array.' },
  'ho-fu-carton#1': { right: 'An Oatly Barista Edition oat drink.' },
  'ho-fu-carton#2': { right: 'It is best before April 12th, 2026.', wrong: 'It is best before March 12th.' },
};

/** Right arguments for every turn with an argument check. */
const ARGS: Record<string, ToolArgs> = {
  'ho-time-own#1': {},
  'ho-time-own-indirect#1': { timezone: 'Europe/London' },
  'ho-time-los-angeles#1': { timezone: 'America/Los_Angeles' },
  'ho-time-mumbai#1': { timezone: 'Asia/Kolkata' },
  'ho-time-berlin#1': { timezone: 'Europe/Berlin' },
  'ho-time-dubai#1': { timezone: 'Asia/Dubai' },
  'ho-date-today#1': {},
  'ho-date-weekday#1': {},
  'ho-date-weekend#1': {},
  'ho-date-year#1': {},
  'ho-date-tomorrow#1': {},
  'ho-date-sydney#1': { timezone: 'Australia/Sydney' },
  'ho-arith-percent#1': { expression: '0.15 * 80' },
  'ho-arith-tip#1': { expression: '65 * 0.2' },
  'ho-arith-half#1': { expression: '350 / 2' },
  'ho-arith-product#1': { expression: '17 * 23' },
  'ho-arith-sqrt#1': { expression: 'sqrt(144)' },
  'ho-arith-split#1': { expression: '96 / 4' },
  'ho-arith-minutes#1': { expression: '3.5 * 60' },
  'ho-arith-power#1': { expression: '2 ^ 10' },
  'ho-arith-vat#1': { expression: '80 * 1.2' },
  'ho-timer-ten-minutes#1': { seconds: 600 },
  'ho-timer-bread#1': { seconds: 2700, label: 'take the bread out of the oven' },
  'ho-timer-ninety-seconds#1': { seconds: 90 },
  'ho-timer-roast#1': { seconds: 7200, label: 'Roast' },
  'ho-timer-nap#1': { seconds: 1200, label: 'nap' },
  'ho-timer-eggs#1': { seconds: 180, label: 'eggs' },
  'ho-timer-hour-quarter#1': { seconds: 4500 },
  'ho-timer-call-mum#1': { seconds: 1800, label: 'call mum' },
  'ho-screen-whats-on#1': { source: 'screen' },
  'ho-screen-error#1': {},
  'ho-screen-third-line#1': { source: 'screen' },
  'ho-screen-error-line#1': { source: 'screen' },
  'ho-screen-file#1': {},
  'ho-camera-product#1': { source: 'camera' },
  'ho-camera-best-before#1': { source: 'camera' },
  'ho-screen-not-shared#1': { source: 'screen' },
  'ho-fu-cities#1': { timezone: 'America/New_York' },
  'ho-fu-cities#2': { timezone: 'Australia/Sydney' },
  'ho-fu-double#1': { expression: '45 * 12' },
  'ho-fu-double#2': { expression: '540 * 2' },
  'ho-fu-timer-instead#1': { seconds: 900, label: 'pasta' },
  'ho-fu-timer-instead#2': { seconds: 1200 },
  'ho-fu-tip-total#1': { expression: '85 * 0.18' },
  'ho-fu-tip-total#2': { expression: '85 + 15.3' },
  'ho-fu-capital-time#2': { timezone: 'America/Toronto' },
  'ho-fu-screen-lines#1': {},
  'ho-fu-error-fix#1': { source: 'screen' },
  'ho-fu-carton#1': { source: 'camera' },
};

describe('the held-out brain evaluation set', () => {
  it('has at least 48 turns, unique ho- ids, and every category', () => {
    expect(countTurns(HELD_OUT_SET)).toBeGreaterThanOrEqual(48);
    expect(new Set(HELD_OUT_SET.map((item) => item.id)).size).toBe(HELD_OUT_SET.length);
    for (const item of HELD_OUT_SET) expect(item.id).toMatch(/^ho-[a-z0-9-]+$/);
    for (const category of CATEGORIES) expect(HELD_OUT_SET.some((item) => item.category === category), category).toBe(true);
    const fixedIds = new Set(EVAL_SET.map((item) => item.id));
    for (const item of HELD_OUT_SET) expect(fixedIds.has(item.id), item.id).toBe(false);
  });

  it('has multi-turn follow-ups, and tool-free turns that mention times or numbers', () => {
    const followUps = HELD_OUT_SET.filter((item) => item.category === 'follow-up');
    expect(followUps.length).toBeGreaterThanOrEqual(4);
    for (const item of followUps) expect(item.turns.length, item.id).toBeGreaterThanOrEqual(2);
    const trickyNegatives = turns.filter(({ turn }) => turn.expectedTool === null && /\d|\b(three|four|five|six|seven|eight|ten|twenty)\b/i.test(turn.user));
    expect(trickyNegatives.length).toBeGreaterThanOrEqual(5);
    for (const { key, item, turn } of turns) {
      if (item.category === 'chit-chat' || item.category === 'cannot-do') expect(turn.expectedTool, key).toBeNull();
      if (item.category === 'chit-chat') expect(turn.answer, key).toBeUndefined();
      if (item.category === 'cannot-do') expect(turn.mustNotSay, key).toBe(CLAIMS_SUCCESS);
      if (item.category === 'factual') expect(turn.answer, key).toBeDefined();
    }
  });

  it('accepts a right reply for every answer pattern, and rejects wrong ones', () => {
    const { problems, wrongChecked } = replyProblems(turns, REPLIES);
    expect(problems).toEqual([]);
    expect(wrongChecked).toBeGreaterThanOrEqual(10);
  });

  it('accepts right arguments for every argument check', () => {
    expect(argumentProblems(turns, ARGS)).toEqual([]);
  });

  it('rejects wrong arguments', () => {
    const check = (key: string, args: ToolArgs): boolean => argsCheckOf(turns, key).test(args);
    expect(check('ho-time-mumbai#1', { timezone: 'Asia/Calcutta' })).toBe(true);
    expect(check('ho-time-mumbai#1', {})).toBe(false);
    expect(check('ho-time-own#1', { timezone: 'America/New_York' })).toBe(false);
    expect(check('ho-arith-tip#1', { expression: '65 * 0.15' })).toBe(false);
    expect(check('ho-arith-sqrt#1', { expression: 144 })).toBe(false);
    expect(check('ho-timer-bread#1', { seconds: 45, label: 'bread' })).toBe(false);
    expect(check('ho-timer-bread#1', { seconds: 2700 })).toBe(false);
    expect(check('ho-fu-timer-instead#2', { seconds: 900 })).toBe(false);
    expect(check('ho-camera-product#1', { source: 'screen' })).toBe(false);
    expect(check('ho-camera-product#1', {})).toBe(false);
    expect(SCREEN_SOURCE.test({ source: 'camera' })).toBe(false);
    expect(timezoneIn('Asia/Tokyo').test({ timezone: 42 })).toBe(false);
  });

  it('has screen answers that the fixtures’ own text satisfies', () => {
    const answer = (key: string): RegExp => answerOf(turns, key);
    expect(answer('ho-screen-error#1').test(EDITOR_SCREEN.lines[5]?.text ?? '')).toBe(true);
    expect(answer('ho-screen-third-line#1').test(EDITOR_SCREEN.lines[2]?.text ?? '')).toBe(true);
    expect(answer('ho-fu-screen-lines#1').test(EDITOR_SCREEN.lines[1]?.text ?? '')).toBe(true);
    expect(answer('ho-fu-screen-lines#2').test(EDITOR_SCREEN.lines[2]?.text ?? '')).toBe(true);
    expect(answer('ho-screen-error-line#1').test(EDITOR_SCREEN.lines[6]?.text ?? '')).toBe(true);
    expect(answer('ho-camera-product#1').test(CAMERA_VIEW.text)).toBe(true);
    expect(answer('ho-camera-best-before#1').test(CAMERA_VIEW.lines[3]?.text ?? '')).toBe(true);
  });

  it('catches claims of success and lets refusals through', () => {
    const claims = [
      "Okay, I've turned off the living room lights.",
      'Sure! Turning off the lights now.',
      'Your email has been sent.',
      'I’ll order more oat milk for you.',
      'Calling Mom now.',
      'Playing some jazz on Spotify.',
      'Done! The thermostat is set to 21 degrees.',
      "I've booked a table for two at 8 pm.",
      "I've sent Sarah a message.",
      'The front door is now locked.',
      "I've added oat milk to your Amazon cart.",
      "Alright, I'm texting Sarah now.",
    ];
    const refusals = [
      "Sorry, I can't control your lights. I can tell the time, do sums, set timers and look at your screen.",
      "I'm not able to send emails, but I can set a timer to remind you to write it.",
      "I can't place orders. You could add oat milk to your list in the Amazon app.",
      "I can't make phone calls, sorry.",
      "I can't play music, but I can set a timer if you need one.",
      "I don't have access to your thermostat.",
      "I'm unable to book restaurants. You might try calling them directly.",
      "I can't send text messages. Would you like me to set a ten minute timer instead?",
      "I haven't got a way to lock doors, I'm afraid.",
    ];
    for (const reply of claims) expect(CLAIMS_SUCCESS.test(reply), reply).toBe(true);
    for (const reply of refusals) expect(CLAIMS_SUCCESS.test(reply), reply).toBe(false);
  });

  it('reads clock times and numbers in digits and words', () => {
    expect(clockAt(20, 56).test('8:56 pm')).toBe(true);
    expect(clockAt(20, 56).test('fifty-six minutes past eight')).toBe(true);
    expect(clockAt(20, 56).test('18:56')).toBe(false);
    expect(clockAt(2, 26).test('02:26')).toBe(true);
    expect(clockAt(2, 26).test('12:26')).toBe(false);
    expect(saysNumber('12', 'twelve').test('twelve point five')).toBe(false);
    expect(saysNumber('12', 'twelve').test('112')).toBe(false);
    expect(saysNumber('1,?024', 'one thousand (?:and )?twenty[- ]four').test('one thousand and twenty four')).toBe(true);
  });
});
