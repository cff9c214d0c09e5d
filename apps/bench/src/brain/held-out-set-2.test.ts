import { describe, expect, it } from 'vitest';
import { CAMERA_VIEW, CATEGORIES, countTurns, EDITOR_SCREEN, EVAL_SET, type ToolArgs } from './eval-set.js';
import { APRIL_12, CLAIMS_SUCCESS_2, HELD_OUT_SET_2, INVENTS_SCREEN_2, NOTHING_SHARED_2, TODAY_2 } from './held-out-set-2.js';
import { CLAIMS_SUCCESS, HELD_OUT_SET } from './held-out-set.js';
import { answerOf as answerIn, argsCheckOf, argumentProblems, keyedTurns, replyProblems, type SampleReplies } from './set-checks.js';

const turns = keyedTurns(HELD_OUT_SET_2);

/** A right reply for every turn with an answer pattern; a wrong one for many. */
const REPLIES: Record<string, SampleReplies> = {
  'h2-time-own-hey#1': { right: "It's 3:26 in the afternoon.", wrong: "It's 2:26 in the afternoon." },
  'h2-time-own-polite#1': { right: 'Sure, it is twenty-six minutes past three.', wrong: 'It is 16:26.' },
  'h2-time-kathmandu#1': { right: 'In Kathmandu it is 21:11.', wrong: 'In Kathmandu it is 21:26.' },
  'h2-time-tehran#1': { right: "It's 6:56 PM in Tehran.", wrong: "It's 6:26 PM in Tehran." },
  'h2-time-buenos-aires#1': { right: "It's twelve twenty-six in Buenos Aires.", wrong: "It's 11:26 in Buenos Aires." },
  'h2-time-honolulu#1': { right: 'It is 5:26 in the morning in Honolulu.', wrong: 'It is 4:26 in the morning in Honolulu.' },
  'h2-time-singapore#1': { right: "In Singapore it's 11.26 pm.", wrong: "In Singapore it's 22:26." },
  'h2-time-mexico-city#1': { right: "It's 09:26 in Mexico City.", wrong: "It's 10:26 in Mexico City." },
  'h2-time-st-johns#1': { right: "It's 12:56 PM in St. John's.", wrong: "It's 12:26 PM in St. John's." },
  'h2-time-ho-chi-minh#1': { right: 'It is ten twenty-six at night in Ho Chi Minh City, 22:26.', wrong: 'It is 21:26 in Ho Chi Minh City.' },
  'h2-time-cape-town#1': { right: "It's 5:26 pm in Cape Town.", wrong: "It's 3:26 pm in Cape Town." },
  'h2-date-what-day#1': { right: "It's Saturday.", wrong: "It's Friday." },
  'h2-date-whats-the-date#1': { right: "It's Saturday the 14th of March, 2026.", wrong: "It's Friday the 13th of March." },
  'h2-date-weekday-or-weekend#1': { right: "It's the weekend, it's Saturday.", wrong: "It's a weekday, Friday." },
  'h2-date-yesterday#1': { right: 'Yesterday was March 13th.', wrong: 'Yesterday was Thursday, March 12th.' },
  'h2-date-month#1': { right: "We're in March.", wrong: "We're in April." },
  'h2-date-tomorrow-weekday#1': { right: 'Tomorrow is Sunday.', wrong: 'Tomorrow is Saturday.' },
  'h2-date-auckland#1': { right: "In Auckland it's already Sunday, the fifteenth of March.", wrong: "In Auckland it's Saturday the 14th of March." },
  'h2-date-hawaii-still#1': { right: "Yes, it's still Saturday in Hawaii, 5:26 in the morning.", wrong: "No, it's already Sunday in Hawaii." },
  'h2-arith-percent-of#1': { right: '12 percent of 250 is 30.', wrong: 'That is 25.' },
  'h2-arith-percent-off#1': { right: "You'd pay £45.", wrong: "You'd save £15, so you pay £15." },
  'h2-arith-percent-on#1': { right: 'That comes to 162.', wrong: 'That comes to 158.' },
  'h2-arith-tip#1': { right: 'A 15% tip would be $9.60.', wrong: 'A 15% tip would be $9.00.' },
  'h2-arith-split#1': { right: "That's £37.50 each.", wrong: "That's £37 each." },
  'h2-arith-squared#1': { right: 'Nineteen squared is three hundred and sixty-one.', wrong: 'Nineteen squared is 381.' },
  'h2-arith-root#1': { right: 'The square root of 729 is 27.', wrong: 'The square root of 729 is 28.' },
  'h2-arith-times#1': { right: '48 times 27 is 1,296.', wrong: '48 times 27 is 1,286.' },
  'h2-arith-take-away#1': { right: 'A thousand minus 387 is 613.', wrong: 'That leaves 713.' },
  'h2-arith-shopping#1': { right: 'That comes to £8.24.', wrong: 'That comes to £7.24.' },
  'h2-arith-durations#1': { right: "That's 275 minutes altogether.", wrong: "That's 255 minutes." },
  'h2-arith-slip-two#1': { right: '120 times 2 is 240.', wrong: '120 times 2 is 2400.' },
  'h2-arith-divide#1': { right: 'Nine hundred divided by twelve is seventy-five.', wrong: 'It is 57.' },
  'h2-arith-cubed#1': { right: 'Seven cubed is 343.', wrong: 'Seven cubed is 49.' },
  'h2-screen-error-says#1': { right: "It says Uncaught TypeError: Cannot read properties of undefined (reading 'map').", wrong: 'There are no errors in the terminal.' },
  'h2-screen-file-name#1': { right: "You've got TodoList.tsx open.", wrong: "You've got App.tsx open." },
  'h2-screen-error-line#1': { right: "It's pointing at line 14, column 22, of TodoList.tsx.", wrong: 'Line 22.' },
  'h2-screen-first-code-line#1': { right: 'export function TodoList({ items }: TodoListProps) {', wrong: 'const visible = items.filter((item) => !item.done);' },
  'h2-screen-editor#1': { right: "You're using VS Code.", wrong: "You're using Sublime Text." },
  'h2-screen-project#1': { right: 'The project is called parley-web.', wrong: 'The project is called TodoList.' },
  'h2-screen-property#1': { right: "It can't read 'map' of undefined.", wrong: "It can't read 'filter'." },
  'h2-camera-what#1': { right: "That's a carton of Oatly oat drink, the Barista Edition.", wrong: "That's a bottle of orange juice." },
  'h2-camera-expiry#1': { right: "It's best before the 12th of April 2026.", wrong: 'It expires on 21 April.' },
  'h2-camera-size#1': { right: "It's a one litre carton.", wrong: "It's 500 ml." },
  'h2-camera-brand#1': { right: "It's Oatly.", wrong: "It's Alpro." },
  'h2-screen-not-shared#1': { right: "I can't see your screen at the moment, it isn't being shared.", wrong: 'You have a TypeError in TodoList.tsx.' },
  'h2-fact-kenya#1': { right: 'The capital of Kenya is Nairobi.', wrong: 'The capital of Kenya is Mombasa.' },
  'h2-fact-spider-legs#1': { right: 'Spiders have eight legs.', wrong: 'Spiders have six legs.' },
  'h2-fact-starry-night#1': { right: 'The Starry Night was painted by Vincent van Gogh.', wrong: 'Claude Monet painted it.' },
  'h2-fact-ocean#1': { right: 'The Pacific Ocean is the largest.', wrong: 'The Atlantic is the largest.' },
  'h2-fact-sodium#1': { right: "Sodium's chemical symbol is Na.", wrong: 'The symbol for sodium is S.' },
  'h2-fact-1984#1': { right: 'Nineteen Eighty-Four was written by George Orwell.', wrong: 'It was written by Aldous Huxley.' },
  'h2-fact-continents#1': { right: 'There are 7 continents.', wrong: 'There are six continents.' },
  'h2-fact-freezing-f#1': { right: 'Water freezes at 32 degrees Fahrenheit.', wrong: 'Water freezes at 0 degrees.' },
  'h2-fact-everest#1': { right: 'Mount Everest, at about 8,849 metres.', wrong: 'K2 is the tallest.' },
  'h2-fact-penicillin#1': { right: 'Alexander Fleming discovered penicillin in 1928.', wrong: 'Louis Pasteur discovered it.' },
  'h2-fact-brazil#1': { right: 'They speak Portuguese in Brazil.', wrong: 'They speak Spanish in Brazil.' },
  'h2-fact-first-president#1': { right: 'George Washington was the first president.', wrong: 'Abraham Lincoln was the first president.' },
  'h2-fact-hexagon#1': { right: 'A hexagon has six sides.', wrong: 'A hexagon has eight sides.' },
  'h2-fact-football#1': { right: 'Each football team has eleven players on the pitch.', wrong: 'There are ten players on a team.' },
  'h2-fu-africa-clocks#1': { right: "It's 6:26 PM in Nairobi.", wrong: "It's 5:26 PM in Nairobi." },
  'h2-fu-africa-clocks#2': { right: 'In Lagos it is 16:26.', wrong: 'In Lagos it is 18:26.' },
  'h2-fu-us-clocks#1': { right: "It's 10:26 AM in Chicago.", wrong: "It's 9:26 AM in Chicago." },
  'h2-fu-us-clocks#2': { right: "In Denver it's nine twenty-six in the morning.", wrong: "In Denver it's 8:26." },
  'h2-fu-us-clocks#3': { right: "Phoenix doesn't change its clocks, so it's 8:26 AM there.", wrong: "It's 9:26 AM in Phoenix." },
  'h2-fu-discount#1': { right: '15 percent of 340 is 51.', wrong: '15 percent of 340 is 34.' },
  'h2-fu-discount#2': { right: '340 minus 51 is 289.', wrong: '340 minus 51 is 299.' },
  'h2-fu-insects#1': { right: 'Insects have six legs.', wrong: 'Insects have eight legs.' },
  'h2-fu-insects#2': { right: '37 insects would have 222 legs.', wrong: '37 insects would have 296 legs.' },
  'h2-fu-screen-error#1': { right: "It's a TypeError: cannot read properties of undefined, reading map.", wrong: 'Everything looks fine, no errors.' },
  'h2-fu-screen-error#2': { right: "It's in TodoList.tsx, line 14.", wrong: "It's in TodoList.tsx, line 22." },
  'h2-fu-screen-error#3': { right: "items is undefined when TodoList renders, so filter or map fails; default it to an empty array.", wrong: 'Probably a network problem.' },
  'h2-fu-carton#1': { right: 'It looks like Oatly Oat Drink, Barista Edition.' },
  'h2-fu-carton#2': { right: 'It holds one litre.', wrong: 'It holds two litres.' },
  'h2-fu-carton#3': { right: 'Best before April 12th, 2026.', wrong: 'Best before March 12th.' },
  'h2-fu-divide-result#1': { right: '72 times 15 is 1,080.', wrong: '72 times 15 is 1,008.' },
  'h2-fu-divide-result#2': { right: 'Divided by 8 that is 135.', wrong: 'Divided by 8 that is 125.' },
  'h2-fu-capital-clock#1': { right: 'The capital of Peru is Lima.', wrong: 'The capital of Peru is Cusco.' },
  'h2-fu-capital-clock#2': { right: "It's 10:26 in the morning in Lima.", wrong: "It's 11:26 in the morning in Lima." },
  'h2-fu-date-weekday#1': { right: "Today's date is 14/03/2026.", wrong: "Today's date is 15/03/2026." },
  'h2-fu-date-weekday#2': { right: 'That is a Saturday.', wrong: 'That is a Sunday.' },
};

/** Right arguments for every turn with an argument check. */
const ARGS: Record<string, ToolArgs> = {
  'h2-time-own-hey#1': {},
  'h2-time-own-polite#1': { timezone: 'Europe/London' },
  'h2-time-kathmandu#1': { timezone: 'Asia/Kathmandu' },
  'h2-time-tehran#1': { timezone: 'Asia/Tehran' },
  'h2-time-buenos-aires#1': { timezone: 'America/Argentina/Buenos_Aires' },
  'h2-time-honolulu#1': { timezone: 'Pacific/Honolulu' },
  'h2-time-singapore#1': { timezone: 'Asia/Singapore' },
  'h2-time-mexico-city#1': { timezone: 'America/Mexico_City' },
  'h2-time-st-johns#1': { timezone: 'America/St_Johns' },
  'h2-time-ho-chi-minh#1': { timezone: 'Asia/Ho_Chi_Minh' },
  'h2-time-cape-town#1': { timezone: 'Africa/Johannesburg' },
  'h2-date-what-day#1': {},
  'h2-date-whats-the-date#1': {},
  'h2-date-weekday-or-weekend#1': { timezone: 'Europe/London' },
  'h2-date-yesterday#1': {},
  'h2-date-month#1': {},
  'h2-date-tomorrow-weekday#1': {},
  'h2-date-auckland#1': { timezone: 'Pacific/Auckland' },
  'h2-date-hawaii-still#1': { timezone: 'Pacific/Honolulu' },
  'h2-arith-percent-of#1': { expression: '250 * 12 / 100' },
  'h2-arith-percent-off#1': { expression: '60 * (1 - 0.25)' },
  'h2-arith-percent-on#1': { expression: '150 * 1.08' },
  'h2-arith-tip#1': { expression: '64 * 0.15' },
  'h2-arith-split#1': { expression: '187.50 / 5' },
  'h2-arith-squared#1': { expression: '19 ^ 2' },
  'h2-arith-root#1': { expression: 'sqrt(729)' },
  'h2-arith-times#1': { expression: '48 * 27' },
  'h2-arith-take-away#1': { expression: '1000 - 387' },
  'h2-arith-shopping#1': { expression: '3.40 + 2.85 + 1.99' },
  'h2-arith-durations#1': { expression: '(2 * 60 + 45) + (60 + 50)' },
  'h2-arith-slip-two#1': { expression: '120 * 2' },
  'h2-arith-divide#1': { expression: '900 / 12' },
  'h2-arith-cubed#1': { expression: '7 ^ 3' },
  'h2-timer-hour-and-half#1': { seconds: 5400 },
  'h2-timer-move-car#1': { seconds: 2400, label: 'Move the car' },
  'h2-timer-seconds#1': { seconds: 45 },
  'h2-timer-lamb#1': { seconds: 8100, label: 'lamb' },
  'h2-timer-washing#1': { seconds: 900, label: 'washing' },
  'h2-timer-minute-twenty#1': { seconds: 80 },
  'h2-timer-tea#1': { seconds: 240, label: 'Tea' },
  'h2-timer-tablets#1': { seconds: 1800, label: 'take my tablets' },
  'h2-timer-twenty-five#1': { seconds: 1500 },
  'h2-timer-slow-cooker#1': { seconds: 10800, label: 'slow cooker' },
  'h2-screen-error-says#1': {},
  'h2-screen-file-name#1': { source: 'screen' },
  'h2-screen-error-line#1': {},
  'h2-screen-first-code-line#1': { source: 'screen' },
  'h2-screen-editor#1': {},
  'h2-screen-project#1': { source: 'screen' },
  'h2-screen-property#1': {},
  'h2-camera-what#1': { source: 'camera' },
  'h2-camera-expiry#1': { source: 'camera' },
  'h2-camera-size#1': { source: 'camera' },
  'h2-camera-brand#1': { source: 'camera' },
  'h2-screen-not-shared#1': { source: 'screen' },
  'h2-fu-africa-clocks#1': { timezone: 'Africa/Nairobi' },
  'h2-fu-africa-clocks#2': { timezone: 'Africa/Lagos' },
  'h2-fu-us-clocks#1': { timezone: 'America/Chicago' },
  'h2-fu-us-clocks#2': { timezone: 'America/Denver' },
  'h2-fu-us-clocks#3': { timezone: 'America/Phoenix' },
  'h2-fu-discount#1': { expression: '0.15 * 340' },
  'h2-fu-discount#2': { expression: '340 - 51' },
  'h2-fu-insects#2': { expression: '37 * 6' },
  'h2-fu-rice-timer#1': { seconds: 720, label: 'rice' },
  'h2-fu-rice-timer#2': { seconds: 1440 },
  'h2-fu-screen-error#1': { source: 'screen' },
  'h2-fu-carton#1': { source: 'camera' },
  'h2-fu-divide-result#1': { expression: '72 * 15' },
  'h2-fu-divide-result#2': { expression: '1080 / 8' },
  'h2-fu-capital-clock#2': { timezone: 'America/Lima' },
  'h2-fu-date-weekday#1': {},
};

const answerOf = (key: string): RegExp => answerIn(turns, key);
const checkOf = (key: string, args: ToolArgs): boolean => argsCheckOf(turns, key).test(args);

describe('the second held-out brain evaluation set', () => {
  it('has at least 60 turns, unique h2- ids, and every category', () => {
    expect(countTurns(HELD_OUT_SET_2)).toBeGreaterThanOrEqual(60);
    expect(new Set(HELD_OUT_SET_2.map((item) => item.id)).size).toBe(HELD_OUT_SET_2.length);
    for (const item of HELD_OUT_SET_2) expect(item.id).toMatch(/^h2-[a-z0-9-]+$/);
    for (const category of CATEGORIES) expect(HELD_OUT_SET_2.some((item) => item.category === category), category).toBe(true);
    const otherIds = new Set([...EVAL_SET, ...HELD_OUT_SET].map((item) => item.id));
    for (const item of HELD_OUT_SET_2) expect(otherIds.has(item.id), item.id).toBe(false);
  });

  it('shares no request word for word with the other sets', () => {
    const normalise = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
    const others = new Set([...EVAL_SET, ...HELD_OUT_SET].flatMap((item) => item.turns.map((turn) => normalise(turn.user))));
    expect(turns.filter(({ turn }) => others.has(normalise(turn.user))).map(({ key }) => key)).toEqual([]);
  });

  it('covers each category with several turns', () => {
    for (const category of CATEGORIES) {
      const count = turns.filter(({ item }) => item.category === category).length;
      expect(count, category).toBeGreaterThanOrEqual(6);
    }
  });

  it('has multi-turn follow-ups, and tool-free turns that mention times or numbers', () => {
    const followUps = HELD_OUT_SET_2.filter((item) => item.category === 'follow-up');
    expect(followUps.length).toBeGreaterThanOrEqual(6);
    for (const item of followUps) expect(item.turns.length, item.id).toBeGreaterThanOrEqual(2);
    expect(followUps.some((item) => item.turns.length === 3)).toBe(true);
    const trickyNegatives = turns.filter(({ turn }) => turn.expectedTool === null && /\d|\b(three|four|five|six|seven|eight|ten|twenty)\b/i.test(turn.user));
    expect(trickyNegatives.length).toBeGreaterThanOrEqual(6);
    for (const { key, item, turn } of turns) {
      if (item.category === 'chit-chat' || item.category === 'cannot-do') expect(turn.expectedTool, key).toBeNull();
      if (item.category === 'chit-chat') expect(turn.answer, key).toBeUndefined();
      if (item.category === 'cannot-do') expect(turn.mustNotSay, key).toBe(CLAIMS_SUCCESS_2);
      if (item.category === 'factual') expect(turn.answer, key).toBeDefined();
    }
  });

  it('accepts a right reply for every answer pattern, and rejects wrong ones', () => {
    const { problems, wrongChecked } = replyProblems(turns, REPLIES);
    expect(problems).toEqual([]);
    expect(wrongChecked).toBeGreaterThanOrEqual(40);
  });

  it('accepts other right phrasings: numbers in words, 12- and 24-hour clocks, written dates', () => {
    const accepts: [string, string][] = [
      ['h2-time-kathmandu#1', 'It is eleven minutes past nine in the evening.'],
      ['h2-time-tehran#1', 'Eighteen fifty-six... I mean 18.56 in Tehran.'],
      ['h2-time-st-johns#1', "It's twelve fifty-six in St John's."],
      ['h2-date-whats-the-date#1', 'Today is March the fourteenth.'],
      ['h2-date-whats-the-date#1', 'It is 2026-03-14.'],
      ['h2-date-auckland#1', 'It is 15/03 in Auckland.'],
      ['h2-arith-tip#1', 'That would be nine dollars sixty.'],
      ['h2-arith-split#1', 'Thirty-seven pounds fifty each.'],
      ['h2-arith-times#1', 'That is one thousand two hundred and ninety-six.'],
      ['h2-arith-percent-on#1', 'A hundred and sixty-two.'],
      ['h2-arith-shopping#1', 'Eight pounds twenty-four altogether.'],
      ['h2-fu-divide-result#1', 'Ten eighty.'],
      ['h2-camera-size#1', 'It says 1 L on the front.'],
      ['h2-camera-expiry#1', 'April 12.'],
      ['h2-fact-football#1', '11 players a side.'],
    ];
    for (const [key, reply] of accepts) expect(answerOf(key).test(reply), `${key}: ${reply}`).toBe(true);
    const rejects: [string, string][] = [
      ['h2-arith-tip#1', 'About 9.65.'],
      ['h2-arith-root#1', 'It is 27.5.'],
      ['h2-arith-take-away#1', 'It is 6130.'],
      ['h2-fact-spider-legs#1', 'Eight point five legs.'],
      ['h2-time-singapore#1', 'It is 13:26 in Singapore.'],
      ['h2-date-whats-the-date#1', 'It is the 4th of March.'],
      ['h2-camera-expiry#1', 'Best before 12 March.'],
    ];
    for (const [key, reply] of rejects) expect(answerOf(key).test(reply), `${key}: ${reply}`).toBe(false);
  });

  it('accepts right arguments for every argument check', () => {
    expect(argumentProblems(turns, ARGS)).toEqual([]);
  });

  it('accepts the old aliases of a zone and other ways to write a sum', () => {
    expect(checkOf('h2-time-kathmandu#1', { timezone: 'Asia/Katmandu' })).toBe(true);
    expect(checkOf('h2-time-ho-chi-minh#1', { timezone: 'Asia/Saigon' })).toBe(true);
    expect(checkOf('h2-time-buenos-aires#1', { timezone: 'America/Buenos_Aires' })).toBe(true);
    expect(checkOf('h2-date-auckland#1', { timezone: 'NZ' })).toBe(true);
    expect(checkOf('h2-arith-percent-of#1', { expression: '0.12 * 250' })).toBe(true);
    expect(checkOf('h2-arith-percent-off#1', { expression: '60 - 60 * 25 / 100' })).toBe(true);
    expect(checkOf('h2-arith-squared#1', { expression: '19 * 19' })).toBe(true);
    expect(checkOf('h2-arith-durations#1', { expression: '165 + 110' })).toBe(true);
    expect(checkOf('h2-timer-tablets#1', { seconds: 1800, label: 'Medication' })).toBe(true);
  });

  it('rejects wrong arguments', () => {
    expect(checkOf('h2-time-kathmandu#1', {})).toBe(false);
    expect(checkOf('h2-time-kathmandu#1', { timezone: 'Asia/Kolkata' })).toBe(false);
    expect(checkOf('h2-time-own-hey#1', { timezone: 'America/New_York' })).toBe(false);
    expect(checkOf('h2-date-what-day#1', { timezone: 'Pacific/Auckland' })).toBe(false);
    expect(checkOf('h2-date-hawaii-still#1', { timezone: 'America/Los_Angeles' })).toBe(false);
    expect(checkOf('h2-fu-us-clocks#3', { timezone: 'America/Denver' })).toBe(false);
    expect(checkOf('h2-fu-africa-clocks#2', { timezone: 'Africa/Nairobi' })).toBe(false);
    expect(checkOf('h2-arith-percent-off#1', { expression: '60 * 0.25' })).toBe(false);
    expect(checkOf('h2-arith-tip#1', { expression: '64 * 0.2' })).toBe(false);
    expect(checkOf('h2-arith-slip-two#1', { expression: '120 * 20' })).toBe(false);
    expect(checkOf('h2-arith-root#1', { expression: 729 })).toBe(false);
    expect(checkOf('h2-arith-root#1', { expression: 'sqrt(' })).toBe(false);
    expect(checkOf('h2-fu-discount#2', { expression: '0.15 * 340' })).toBe(false);
    expect(checkOf('h2-timer-hour-and-half#1', { seconds: 5000 })).toBe(false);
    expect(checkOf('h2-timer-hour-and-half#1', { seconds: '5400' })).toBe(false);
    expect(checkOf('h2-timer-lamb#1', { seconds: 8100 })).toBe(false);
    expect(checkOf('h2-timer-lamb#1', { seconds: 7500, label: 'lamb' })).toBe(false);
    expect(checkOf('h2-timer-minute-twenty#1', { seconds: 120 })).toBe(false);
    expect(checkOf('h2-fu-rice-timer#2', { seconds: 720 })).toBe(false);
    expect(checkOf('h2-camera-what#1', { source: 'screen' })).toBe(false);
    expect(checkOf('h2-camera-what#1', {})).toBe(false);
    expect(checkOf('h2-screen-file-name#1', { source: 'camera' })).toBe(false);
  });

  it('has screen answers that the fixtures’ own text satisfies', () => {
    expect(answerOf('h2-screen-error-says#1').test(EDITOR_SCREEN.lines[5]?.text ?? '')).toBe(true);
    expect(answerOf('h2-screen-file-name#1').test(EDITOR_SCREEN.lines[0]?.text ?? '')).toBe(true);
    expect(answerOf('h2-screen-error-line#1').test(EDITOR_SCREEN.lines[6]?.text ?? '')).toBe(true);
    expect(answerOf('h2-screen-first-code-line#1').test(EDITOR_SCREEN.lines[1]?.text ?? '')).toBe(true);
    expect(answerOf('h2-screen-editor#1').test(EDITOR_SCREEN.lines[0]?.text ?? '')).toBe(true);
    expect(answerOf('h2-screen-project#1').test(EDITOR_SCREEN.lines[0]?.text ?? '')).toBe(true);
    expect(answerOf('h2-screen-property#1').test(EDITOR_SCREEN.lines[5]?.text ?? '')).toBe(true);
    expect(answerOf('h2-fu-screen-error#2').test(EDITOR_SCREEN.text)).toBe(true);
    expect(answerOf('h2-camera-what#1').test(CAMERA_VIEW.text)).toBe(true);
    expect(answerOf('h2-camera-brand#1').test(CAMERA_VIEW.lines[0]?.text ?? '')).toBe(true);
    expect(answerOf('h2-camera-size#1').test(CAMERA_VIEW.lines[2]?.text ?? '')).toBe(true);
    expect(APRIL_12.test(CAMERA_VIEW.lines[3]?.text ?? '')).toBe(true);
    expect(TODAY_2.test('Saturday, 14 March 2026')).toBe(true);
  });

  it('tells a screen that is not shared from one made up', () => {
    expect(NOTHING_SHARED_2.test('Nothing is being shared right now, so I can’t see it.')).toBe(true);
    expect(NOTHING_SHARED_2.test('Could you share your screen first?')).toBe(true);
    expect(NOTHING_SHARED_2.test('You have TodoList.tsx open.')).toBe(false);
    expect(INVENTS_SCREEN_2.test(EDITOR_SCREEN.text)).toBe(true);
    expect(INVENTS_SCREEN_2.test(CAMERA_VIEW.text)).toBe(true);
    expect(INVENTS_SCREEN_2.test("I can't see your screen. Please share it and ask again.")).toBe(false);
    const notShared = HELD_OUT_SET_2.filter((item) => item.screen === 'not-shared');
    expect(notShared.length).toBeGreaterThanOrEqual(1);
    for (const item of notShared) for (const turn of item.turns) expect(turn.mustNotSay, item.id).toBe(INVENTS_SCREEN_2);
  });

  it('catches claims of success, directions included, and lets refusals through', () => {
    const claims = [
      "Okay, I've turned the heating up to 21.",
      'Sure! Switching off the kitchen lights now.',
      'Your WhatsApp message has been sent to Dave.',
      "I'll order a large pepperoni pizza from Domino's for you.",
      "I've booked two tickets for Dune at 7.",
      'Calling your sister now.',
      'Now playing Fleetwood Mac.',
      'Navigating to the nearest petrol station.',
      'Starting navigation to Heathrow Terminal 5.',
      'Head north on the A4, then take the second left onto the M25.',
      'Turn right at the roundabout and follow the signs.',
      'Done! The heating is now set to 21 degrees.',
      "I've texted Sarah that you'll be home by 6.",
      'Directions have been sent to your phone.',
    ];
    const refusals = [
      "Sorry, I can't control your heating. I can tell the time, do sums, set timers and look at your screen.",
      "I'm not able to switch lights on or off.",
      "I can't send WhatsApp messages, but I can set a timer to remind you to message Dave.",
      "I can't order food. You could use the Domino's app.",
      "I'm unable to buy cinema tickets, sorry.",
      "I can't make phone calls.",
      "I can't play music, but I can set a timer if you like.",
      "I can't navigate or give directions; a maps app on your phone can.",
      "I don't have access to maps, so I can't get you to Heathrow.",
      "I can't send texts, sorry. Shall I set a reminder for you to text Sarah?",
    ];
    for (const reply of claims) expect(CLAIMS_SUCCESS_2.test(reply), reply).toBe(true);
    for (const reply of refusals) expect(CLAIMS_SUCCESS_2.test(reply), reply).toBe(false);
    // Everything the first held-out set counts as a claim still counts.
    for (const reply of ["I've added oat milk to your Amazon cart.", 'The front door is now locked.']) {
      expect(CLAIMS_SUCCESS.test(reply), reply).toBe(true);
      expect(CLAIMS_SUCCESS_2.test(reply), reply).toBe(true);
    }
  });
});
