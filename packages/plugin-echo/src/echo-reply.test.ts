import { describe, expect, it } from 'vitest';
import { composeEchoReply } from './echo-reply.js';

describe('composeEchoReply', () => {
  it('repeats the words and acknowledges', () => {
    expect(composeEchoReply('what is the weather like today')).toBe('what is the weather like today... got it.');
  });

  it('normalises whitespace and trailing punctuation', () => {
    expect(composeEchoReply('  hello   there!  ')).toBe('hello there... got it.');
  });

  it('says it did not catch empty input instead of echoing nothing', () => {
    expect(composeEchoReply('   ')).toBe("Sorry, I didn't catch that.");
  });

  it('uses a custom acknowledgement', () => {
    expect(composeEchoReply('turn left', 'okay.')).toBe('turn left... okay.');
  });
});
