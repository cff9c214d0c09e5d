import { describe, expect, it } from 'vitest';
import { normalizeWords, wordErrorRate, wordErrors } from './wer.js';

describe('word error rate', () => {
  it('normalizes case, punctuation and small numbers', () => {
    expect(normalizeWords('Set a timer for 10 minutes.')).toEqual(['set', 'a', 'timer', 'for', 'ten', 'minutes']);
    expect(normalizeWords("What's 42?")).toEqual(['what', 'is', 'forty', 'two']);
  });

  it('spells out contractions and titles, so "I\'m sorry, Mr. Dashwood" matches "I am sorry mister dashwood"', () => {
    expect(wordErrorRate([{ reference: 'I am sorry mister dashwood', hypothesis: "I'm sorry, Mr. Dashwood." }])).toBe(0);
    expect(normalizeWords("don't")).toEqual(["don't"]);
  });

  it('counts substitutions, insertions and deletions', () => {
    expect(wordErrors(['a', 'b', 'c'], ['a', 'b', 'c'])).toBe(0);
    expect(wordErrors(['a', 'b', 'c'], ['a', 'x', 'c'])).toBe(1);
    expect(wordErrors(['a', 'b', 'c'], ['a', 'c'])).toBe(1);
    expect(wordErrors(['a', 'b'], ['a', 'b', 'c', 'd'])).toBe(2);
    expect(wordErrors([], ['a'])).toBe(1);
  });

  it('pools errors over the set', () => {
    const rate = wordErrorRate([
      { reference: 'read me the news', hypothesis: 'Red me the news.' },
      { reference: 'open the front door', hypothesis: 'Open the front door.' },
    ]);
    expect(rate).toBeCloseTo(1 / 8);
  });
});
