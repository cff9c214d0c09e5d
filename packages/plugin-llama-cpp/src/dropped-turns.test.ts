import type { Token } from 'node-llama-cpp';
import { describe, expect, it } from 'vitest';
import { droppedTokenRange } from './dropped-turns.js';

const tokens = (...values: number[]): Token[] => values as Token[];
const run = (from: number, length: number): number[] => Array.from({ length }, (_, index) => from + index);

describe('droppedTokenRange', () => {
  it('finds the block between the shared system prompt and the kept turns', () => {
    const system = run(1, 10);
    const dropped = run(100, 30);
    const kept = run(200, 40);
    expect(droppedTokenRange(tokens(...system, ...dropped, ...kept), tokens(...system, ...kept, ...run(300, 5)))).toEqual({ start: 10, end: 40 });
  });

  it('picks the longest kept stretch when the dropped turns begin like the kept ones', () => {
    // Every user turn starts with the same template tokens (7, 8, 9), as a chat template renders them.
    const turn = (words: number): number[] => [7, 8, 9, ...run(words, 6)];
    const cached = tokens(1, 2, ...turn(100), ...turn(110), ...turn(120), ...turn(130));
    const prompt = tokens(1, 2, ...turn(120), ...turn(130), ...turn(140));
    // The first turn's template tokens stay: at the same place after the same prefix, they are the kept turn's own.
    expect(droppedTokenRange(cached, prompt, 8)).toEqual({ start: 5, end: 23 });
  });

  it('is null when the prompt only adds to the cache, or when what follows the difference is not worth a shift', () => {
    expect(droppedTokenRange(tokens(...run(1, 20)), tokens(...run(1, 25)))).toBeNull();
    expect(droppedTokenRange(tokens(...run(1, 20), 50, 51, 52), tokens(...run(1, 20), 51, 52))).toBeNull();
    expect(droppedTokenRange(tokens(...run(1, 20)), tokens(...run(1, 10), ...run(60, 20)))).toBeNull();
    expect(droppedTokenRange(tokens(), tokens(1, 2))).toBeNull();
  });

  it('is null when the shared stretch is a look-alike followed by much that differs (a prompt rendered otherwise)', () => {
    // The tool definitions render differently: the prompt skips part of them, and the rest of the cache (the turns) is not in the prompt.
    const tools = run(1, 40);
    const turns = run(500, 60);
    const cached = tokens(...tools, ...turns);
    const prompt = tokens(...tools.slice(0, 10), ...tools.slice(20), 900, 901);
    expect(droppedTokenRange(cached, prompt)).toBeNull();
  });
});
