import { describe, expect, it } from 'vitest';
import { CATEGORIES, countTurns, EVAL_SET, expressionEquals, OWN_TIMEZONE, timerOf, timezoneOf } from './eval-set.js';

describe('the brain evaluation set', () => {
  it('has at least 40 turns, unique ids, and every category', () => {
    expect(countTurns(EVAL_SET)).toBeGreaterThanOrEqual(40);
    expect(new Set(EVAL_SET.map((item) => item.id)).size).toBe(EVAL_SET.length);
    for (const category of CATEGORIES) expect(EVAL_SET.some((item) => item.category === category)).toBe(true);
  });

  it('checks arithmetic with the calculator’s own evaluator', () => {
    const check = expressionEquals(12);
    expect(check.test({ expression: '0.15 * 80' })).toBe(true);
    expect(check.test({ expression: '15 / 100 * 80' })).toBe(true);
    // "%" is the remainder in the calculator: 15 % 80 is 15, not 15 percent of 80.
    expect(check.test({ expression: '15 % 80' })).toBe(false);
    expect(check.test({ expression: '12 +' })).toBe(false);
    expect(check.test({ value: 12 })).toBe(false);
  });

  it('checks timers in seconds, with a label when one was asked for', () => {
    expect(timerOf(90, /oven/i).test({ seconds: 90, label: 'check the oven' })).toBe(true);
    expect(timerOf(90, /oven/i).test({ seconds: 90 })).toBe(false);
    expect(timerOf(600).test({ seconds: 10 })).toBe(false);
    expect(timerOf(600).test({ seconds: '600' })).toBe(false);
  });

  it('checks time zones', () => {
    expect(OWN_TIMEZONE.test({})).toBe(true);
    expect(OWN_TIMEZONE.test({ timezone: 'Europe/London' })).toBe(true);
    expect(OWN_TIMEZONE.test({ timezone: 'Europe/Paris' })).toBe(false);
    expect(timezoneOf('Asia/Tokyo').test({ timezone: 'Asia/Tokyo' })).toBe(true);
    expect(timezoneOf('Asia/Tokyo').test({})).toBe(false);
  });

  it('expects answers a right reply would match, and refuses replies that claim success', () => {
    const pizza = EVAL_SET.find((item) => item.id === 'cannot-pizza')?.turns[0]?.mustNotSay;
    expect(pizza?.test("I've ordered a large pepperoni pizza for you.")).toBe(true);
    expect(pizza?.test("Sorry, I can't order food, but a delivery app can.")).toBe(false);
    const lights = EVAL_SET.find((item) => item.id === 'cannot-lights')?.turns[0]?.mustNotSay;
    expect(lights?.test('I will turn off the lights in the living room.')).toBe(true);
    expect(lights?.test('Done.')).toBe(true);
    expect(lights?.test("I can't control your lights; that has to be done with your smart home app.")).toBe(false);
    expect(lights?.test("I'll need a smart home connection for that, which I don't have.")).toBe(false);
    const tokyo = EVAL_SET.find((item) => item.id === 'time-tokyo')?.turns[0]?.answer;
    expect(tokyo?.test("It's 12:26 AM in Tokyo.")).toBe(true);
    expect(tokyo?.test("It's 3:26 PM.")).toBe(false);
    const paris = EVAL_SET.find((item) => item.id === 'follow-paris')?.turns[1]?.answer;
    for (const right of ['About 2.1 million people live in Paris.', 'Around 11 million in the metro area.', 'roughly two million', '2,161,000 people']) expect(paris?.test(right)).toBe(true);
    for (const wrong of ['About 7 million people.', 'Around 21 million.', 'about 2.5 million']) expect(paris?.test(wrong)).toBe(false);
  });
});
