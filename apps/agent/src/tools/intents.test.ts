import { describe, expect, it } from 'vitest';
import { lineAskedFor, lookAtScreenIntent } from '../vision/look-at-screen-tool.js';
import { calculatorTool } from './calculator.js';
import { currentTimeTool } from './current-time.js';
import { createIntentRouter, toolIntents } from './index.js';
import { digitsForNumberWords } from './spoken-numbers.js';
import { spokenDurationSeconds, timerTool } from './timer.js';

const router = createIntentRouter(new Map([...toolIntents([currentTimeTool, timerTool, calculatorTool]), ['look_at_screen', lookAtScreenIntent]]));

describe('spoken numbers', () => {
  it('reads number words as digits', () => {
    expect(digitsForNumberWords('what is twelve times fifteen')).toBe('what is 12 times 15');
    expect(digitsForNumberWords('twenty-three plus one hundred and five')).toBe('23 plus 105');
    expect(digitsForNumberWords('a hundred and twenty over two point five')).toBe('120 over 2.5');
    expect(digitsForNumberWords('three thousand four hundred')).toBe('3400');
    expect(digitsForNumberWords('1,000 and one')).toBe('1000 and 1');
  });

  it('reads durations', () => {
    expect(spokenDurationSeconds('set a timer for 10 minutes')).toBe(600);
    expect(spokenDurationSeconds('1 hour and 30 minutes')).toBe(5400);
    expect(spokenDurationSeconds('in half an hour')).toBe(1800);
    expect(spokenDurationSeconds('an hour and a half')).toBe(5400);
    expect(spokenDurationSeconds('for a minute')).toBe(60);
    expect(spokenDurationSeconds('set a timer')).toBeNull();
  });
});

describe('intent router', () => {
  it('routes clear requests to their tool with the right arguments', () => {
    expect(router.route('What time is it?')).toEqual({ name: 'get_current_time', args: {} });
    expect(router.route("what's the time in Tokyo right now")).toEqual({ name: 'get_current_time', args: { timezone: 'Asia/Tokyo' } });
    // Cities the time-zone database does not name, and names written with an apostrophe or "st.".
    expect(router.route('my sister lives in cape town, what time is it there now')).toEqual({ name: 'get_current_time', args: { timezone: 'Africa/Johannesburg' } });
    expect(router.route("what time is it in St. John's, Newfoundland")).toEqual({ name: 'get_current_time', args: { timezone: 'America/St_Johns' } });
    expect(router.route('what time is it in munich')).toEqual({ name: 'get_current_time', args: { timezone: 'Europe/Berlin' } });
    expect(router.route('is it still saturday in hawaii')).toEqual({ name: 'get_current_time', args: { timezone: 'Pacific/Honolulu' } });
    expect(router.route('What day is it today?')).toEqual({ name: 'get_current_time', args: {} });
    expect(router.route("What's seventeen times twenty three?")).toEqual({ name: 'calculate', args: { expression: '17 * 23' } });
    expect(router.route('what is 15 percent of 80')).toEqual({ name: 'calculate', args: { expression: '(15/100*80)' } });
    // A sale price said with "with … off", the question as "what do I pay", and a plain command.
    expect(router.route('this coat is 80 pounds with 30% off, what do I actually pay')).toEqual({ name: 'calculate', args: { expression: '(80*(1-30/100))' } });
    expect(router.route('take 250 away from two thousand')).toEqual({ name: 'calculate', args: { expression: '2000 - 250' } });
    expect(router.route('I paid with 20% off yesterday')).toBeNull();
    expect(router.route('Set a timer for ten minutes.')).toEqual({ name: 'set_timer', args: { seconds: 600 } });
    expect(router.route('Remind me in 5 minutes to check the oven')).toEqual({ name: 'set_timer', args: { seconds: 300, label: 'check the oven' } });
    expect(router.route('remind me to call mum in an hour')).toEqual({ name: 'set_timer', args: { seconds: 3600, label: 'call mum' } });
    expect(router.route('What does the error on my screen say?')).toEqual({ name: 'look_at_screen', args: { source: 'screen' } });
    expect(router.route('can you see my camera')).toEqual({ name: 'look_at_screen', args: { source: 'camera' } });
    expect(router.route('read me the second line')).toEqual({ name: 'look_at_screen', args: { source: 'screen' } });
    expect(router.route('which file is that error in')).toEqual({ name: 'look_at_screen', args: { source: 'screen' } });
    expect(router.route('how do I fix this error')).toEqual({ name: 'look_at_screen', args: { source: 'screen' } });
  });

  it('leaves everything else to the model', () => {
    for (const text of [
      'What is the capital of Japan?',
      'Tell me a joke',
      'what time does the museum open',
      'what is the time in Narnia',
      'set a timer',
      'Now divide that by two',
      'how do I share my screen',
      'I have 3 kids and 2 dogs',
      'what is the weather over 5 days',
      'thank you',
    ]) {
      expect(router.route(text), text).toBeNull();
    }
  });

  it('says routed results the way a person would', () => {
    expect(router.reply({ name: 'calculate', args: { expression: '17 * 23' } }, JSON.stringify({ expression: '17 * 23', result: 391 }), 'what is 17 times 23')).toBe('17 times 23 is 391.');
    expect(router.reply({ name: 'calculate', args: { expression: '(15/100*80)' } }, JSON.stringify({ result: 12 }), '')).toBe('15 percent of 80 is 12.');
    const clock = JSON.stringify({ time: '3:26 PM', date: 'Saturday, March 14, 2026' });
    expect(router.reply({ name: 'get_current_time', args: {} }, clock, 'what time is it')).toBe("It's 3:26 PM.");
    expect(router.reply({ name: 'get_current_time', args: { timezone: 'Asia/Tokyo' } }, clock, 'time in tokyo')).toBe("It's 3:26 PM in Tokyo.");
    expect(router.reply({ name: 'get_current_time', args: {} }, clock, "what's today's date")).toBe('Today is Saturday, March 14, 2026.');
    expect(router.reply({ name: 'set_timer', args: { seconds: 300 } }, JSON.stringify({ set: true, duration: '5 minutes', label: 'check the oven' }), 'remind me in 5 minutes to check the oven')).toBe("Okay, I'll remind you to check the oven in 5 minutes.");
    expect(router.reply({ name: 'set_timer', args: { seconds: 7200, label: 'the roast' } }, JSON.stringify({ set: true, duration: '2 hours', label: 'the roast' }), 'set a 2 hour timer for the roast')).toBe('Okay, 2 hours for the roast, starting now.');
    const saturday = JSON.stringify({ time: '3:26 PM', date: 'Saturday, March 14, 2026', iso: '2026-03-14T15:26:00.000Z', timezone: 'Europe/London' });
    expect(router.reply({ name: 'get_current_time', args: {} }, saturday, "what's the date tomorrow")).toBe('Tomorrow is Sunday, March 15, 2026.');
    expect(router.reply({ name: 'get_current_time', args: {} }, saturday, 'is it the weekend yet')).toBe("Yes, it's Saturday.");
    expect(router.reply({ name: 'get_current_time', args: {} }, saturday, 'is today monday')).toBe("No, it's Saturday.");
    expect(router.reply({ name: 'calculate', args: { expression: '(80*(1+20/100))' } }, JSON.stringify({ result: 96 }), '')).toBe('80 plus 20 percent is 96.');
    // The screen's text is for the model to put into words.
    expect(router.reply({ name: 'look_at_screen', args: { source: 'screen' } }, 'Screen now: ...', 'what is on my screen')).toBeNull();
  });
});

describe('intent router follow-ups and judgement', () => {
  it('scales the timer just set when asked to double or halve it', () => {
    const previous = { name: 'set_timer', args: { seconds: 720, label: 'rice' }, output: '{"set":true}' };
    expect(router.route('actually can you double that', previous)).toEqual({ name: 'set_timer', args: { seconds: 1440, label: 'rice' } });
    expect(router.route('halve it', previous)).toEqual({ name: 'set_timer', args: { seconds: 360, label: 'rice' } });
    expect(router.route('can you double that')).toBeNull();
  });

  it('routes follow-ups of the previous turn’s tool', () => {
    const sum = { name: 'calculate', args: { expression: '12 * 15' }, output: JSON.stringify({ expression: '12 * 15', result: 180 }) };
    expect(router.route('now divide that by 4', sum)).toEqual({ name: 'calculate', args: { expression: '180 / 4' } });
    expect(router.route('and times three', sum)).toEqual({ name: 'calculate', args: { expression: '180 * 3' } });
    expect(router.route('ok so take that off the 400', sum)).toEqual({ name: 'calculate', args: { expression: '400 - 180' } });
    expect(router.route('right, knock that off 1000', sum)).toEqual({ name: 'calculate', args: { expression: '1000 - 180' } });
    const clock = { name: 'get_current_time', args: {}, output: JSON.stringify({ time: '3:26 PM' }) };
    expect(router.route('and what about in new york', clock)).toEqual({ name: 'get_current_time', args: { timezone: 'America/New_York' } });
    const timer = { name: 'set_timer', args: { seconds: 300 }, output: JSON.stringify({ set: true }) };
    expect(router.route('actually make it ten', timer)).toEqual({ name: 'set_timer', args: { seconds: 600 } });
    expect(router.route('change it to 90 seconds', timer)).toEqual({ name: 'set_timer', args: { seconds: 90 } });
    // Without the previous turn's tool these are the model's to answer.
    expect(router.route('now divide that by 4')).toBeNull();
    expect(router.route('actually make it ten')).toBeNull();
  });

  it('reads roots, tips and amounts of money', () => {
    expect(router.route("what's the square root of 144")).toEqual({ name: 'calculate', args: { expression: 'sqrt(144)' } });
    expect(router.route("what's a twenty percent tip on forty five dollars")).toEqual({ name: 'calculate', args: { expression: '(20/100*45)' } });
  });

  it('refuses calls the words do not ask for', () => {
    const plausible = router.plausible!;
    expect(plausible({ name: 'get_current_time', args: {} }, 'hello')).toBe(false);
    expect(plausible({ name: 'set_timer', args: { seconds: 60 } }, 'turn off the lights in the living room')).toBe(false);
    expect(plausible({ name: 'look_at_screen', args: { source: 'camera' } }, 'call my mum')).toBe(false);
    expect(plausible({ name: 'calculate', args: { expression: '100' } }, 'at what temperature does water boil')).toBe(false);
    expect(plausible({ name: 'get_current_time', args: {} }, 'is it morning in Sydney yet')).toBe(true);
    expect(plausible({ name: 'calculate', args: { expression: '45*0.2' } }, 'how much should I tip on 45')).toBe(true);
  });
});

describe('screen intent reply', () => {
  it('answers a look at nothing shared without the model', () => {
    expect(router.reply({ name: 'look_at_screen', args: { source: 'screen' } }, 'The user is not sharing their screen.', 'can you see my screen')).toBe("I can't see your screen right now. Share it and ask me again.");
  });

  it('reads the everyday forms of a request, wherever the key words sit', () => {
    const routes: [string, unknown][] = [
      ['my brother lives in dubai, what time is it there now', { name: 'get_current_time', args: { timezone: 'Asia/Dubai' } }],
      ['what time is it in reykjavik', { name: 'get_current_time', args: { timezone: 'Atlantic/Reykjavik' } }],
      ["what's the date tomorrow", { name: 'get_current_time', args: {} }],
      ['hey is it the weekend yet', { name: 'get_current_time', args: {} }],
      ['how much should i tip on a sixty five dollar bill if i want to leave twenty percent', { name: 'calculate', args: { expression: '(20/100*65)' } }],
      ['if we split a bill of 96 pounds four ways how much does each of us pay', { name: 'calculate', args: { expression: '96 / 4' } }],
      ["what should i leave as a tip on 52 dollars if i'm going for eighteen percent", { name: 'calculate', args: { expression: '(18/100*52)' } }],
      ["dinner came to 240 and we're 6 people, what's that per person", { name: 'calculate', args: { expression: '240 / 6' } }],
      ["it's 90 euros for 3 friends, how much each", { name: 'calculate', args: { expression: '90 / 3' } }],
      ['how many minutes are there in three and a half hours', { name: 'calculate', args: { expression: '3.5 * 60' } }],
      ["what's 80 pounds plus twenty percent vat", { name: 'calculate', args: { expression: '(80*(1+20/100))' } }],
      ["what's twenty percent off fifty dollars", { name: 'calculate', args: { expression: '(50*(1-20/100))' } }],
      ['what is half of 350', { name: 'calculate', args: { expression: '350 / 2' } }],
      ['set a two hour timer for the roast', { name: 'set_timer', args: { seconds: 7200, label: 'the roast' } }],
      ['set a timer for fifteen minutes for the pasta', { name: 'set_timer', args: { seconds: 900, label: 'the pasta' } }],
      ['wake me up in twenty minutes', { name: 'set_timer', args: { seconds: 1200 } }],
      ["what's the product i'm holding up", { name: 'look_at_screen', args: { source: 'camera' } }],
      ['can you check the best before date on this carton', { name: 'look_at_screen', args: { source: 'camera' } }],
      ['what file do i have open', { name: 'look_at_screen', args: { source: 'screen' } }],
      ['which line number is the error on', { name: 'look_at_screen', args: { source: 'screen' } }],
      ["what's a hundred and twenty times to", { name: 'calculate', args: { expression: '120 * 2' } }],
      ['what is 7 times for', { name: 'calculate', args: { expression: '7 * 4' } }],
      ['which year are we in', { name: 'get_current_time', args: {} }],
      ['what year are we in again', { name: 'get_current_time', args: {} }],
      ['what time is it in tokyo then', { name: 'get_current_time', args: { timezone: 'Asia/Tokyo' } }],
      ['what was the date yesterday', { name: 'get_current_time', args: {} }],
      ['what day are we on', { name: 'get_current_time', args: {} }],
      ['ping me in three quarters of an hour', { name: 'set_timer', args: { seconds: 2700 } }],
      ['give me a nudge in a quarter of an hour about the bins', { name: 'set_timer', args: { seconds: 900, label: 'the bins' } }],
      ['start a ten minute egg timer', { name: 'set_timer', args: { seconds: 600, label: 'egg' } }],
      ['set a five minute countdown timer', { name: 'set_timer', args: { seconds: 300 } }],
      ['look at this warning and tell me what it means', { name: 'look_at_screen', args: { source: 'screen' } }],
      ["what does it say in the status bar", { name: 'look_at_screen', args: { source: 'screen' } }],
    ];
    for (const [text, expected] of routes) expect(router.route(text), text).toEqual(expected);
    // A place named only in an earlier turn: the model, which sees the conversation, decides.
    expect(router.route('what time is it there right now')).toBeNull();
    expect(router.route("i'm holding a meeting at 3, what should i prepare")).toBeNull();
    for (const text of ['look at the stars tonight, what a view', 'tell me in french how to say good morning', 'which bar serves the best cocktails', "i'll look at the file later tonight", 'what year did the war end']) {
      expect(router.route(text), text).toBeNull();
    }
  });

  it('refuses a calculation the model proposes for a sentence that only mentions numbers', () => {
    const calculate = { name: 'calculate', args: { expression: '4 * 60' } };
    for (const text of ['i ran five k in twenty eight minutes this morning', "i only slept four hours last night and i'm so tired", 'my flight is at 6 am on monday, what should i pack']) {
      expect(router.plausible(calculate, text), text).toBe(false);
    }
    expect(router.plausible(calculate, 'how much is 12 times 4')).toBe(true);
    expect(router.plausible(calculate, "what's 5+5")).toBe(true);
  });

  it('reads the screen or camera text out when the model says nothing of use about it', () => {
    const camera = 'Camera now, text read by OCR, line by line from the top:\nline 1: OATLY\nline 2: Oat Drink Barista Edition\nline 3: 1 L\nline 4: Best before 12 APR 2026\nline 5: more\n(Answer from this text in a short sentence of your own. Do not read it all out, and never say the line numbers.)';
    expect(router.fallback?.({ name: 'look_at_screen', args: { source: 'camera' } }, camera, "what's this i'm holding")).toBe(
      "Here's what I can read on your camera: OATLY; Oat Drink Barista Edition; 1 L; Best before 12 APR 2026.",
    );
    expect(router.fallback?.({ name: 'look_at_screen', args: { source: 'screen' } }, 'The user is not sharing their screen.', 'what is on my screen')).toBeNull();
    expect(router.fallback?.({ name: 'calculate', args: { expression: '1 + 1' } }, '{"result":2}', 'what is 1 plus 1')).toBeNull();
  });

  it('reads a line asked for by its place from the screen text, and leaves other questions to the model', () => {
    const screen = 'Screen now, text read by OCR, line by line from the top:\nline 1: TodoList.tsx - Visual Studio Code\nline 2: export function TodoList() {\nline 3: Uncaught TypeError\n(Answer from this text in a short sentence of your own. Do not read it all out, and never say the line numbers.)';
    const look = { name: 'look_at_screen', args: { source: 'screen' } };
    expect(router.reply(look, screen, 'Read me the second line.')).toBe('The second line says: export function TodoList() {');
    expect(router.reply(look, screen, 'what does line 3 say')).toBe('The third line says: Uncaught TypeError');
    expect(router.reply(look, screen, "what's the last line on my screen")).toBe('The last line says: Uncaught TypeError');
    expect(router.reply(look, screen, 'read me the ninth line')).toBe('I can only read 3 lines on your screen. The last one says: Uncaught TypeError');
    expect(router.reply(look, screen, 'what does this error say')).toBeNull();
    // Which line is code is a judgement, not a count.
    expect(router.reply(look, screen, 'read me the first line of code on my screen')).toBeNull();
    // The layout with positions (cloud models) has no numbered lines.
    expect(router.reply(look, 'Screen now (1280x720), text read by OCR with positions:\n- [x 1%, y 2%] TodoList.tsx', 'read me the first line')).toBeNull();
  });

  it('routes a line asked for by its place to the screen, and a follow-up to the source looked at', () => {
    for (const text of ['what does line 3 say', 'what does it say on the fourth line', 'read line number 12', "what's on the first line"]) {
      expect(router.route(text), text).toEqual({ name: 'look_at_screen', args: { source: 'screen' } });
    }
    const lookedAtCamera = { name: 'look_at_screen', args: { source: 'camera' }, output: 'Camera now, text read by OCR, line by line from the top:\nline 1: OATLY' };
    expect(router.route('and the third line?', lookedAtCamera)).toEqual({ name: 'look_at_screen', args: { source: 'camera' } });
    expect(router.route('and the third line?')).toBeNull();
    expect(router.route('the second line of the poem is lovely', lookedAtCamera)).toBeNull();
  });

  it('finds the place of the line a request names', () => {
    expect(lineAskedFor('read me the 2nd line')).toBe(2);
    expect(lineAskedFor('what does it say on the fourth line')).toBe(4);
    expect(lineAskedFor('read line number 12')).toBe(12);
    expect(lineAskedFor('what line number is that error pointing at')).toBeNull();
    expect(lineAskedFor('the second line of the poem is lovely')).toBeNull();
    expect(lineAskedFor('i waited in line for an hour')).toBeNull();
  });
});
