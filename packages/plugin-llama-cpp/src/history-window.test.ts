import { describe, expect, it } from 'vitest';
import { turnsDropped } from './history-window.js';

describe('turnsDropped', () => {
  it('drops nothing up to the window, then the oldest turns a block at a time', () => {
    const window = { maxTurns: 12, dropTurns: 6 };
    const dropped = Array.from({ length: 31 }, (_, index) => turnsDropped(index + 1, window));
    expect(dropped.slice(0, 12)).toEqual(Array(12).fill(0));
    expect(dropped.slice(12, 18)).toEqual(Array(6).fill(6));
    expect(dropped.slice(18, 24)).toEqual(Array(6).fill(12));
    expect(dropped[24]).toBe(18);
  });

  it('always keeps between maxTurns - dropTurns + 1 and maxTurns turns', () => {
    for (const window of [{ maxTurns: 12, dropTurns: 6 }, { maxTurns: 5, dropTurns: 1 }, { maxTurns: 4, dropTurns: 9 }]) {
      for (let turns = window.maxTurns + 1; turns < 60; turns += 1) {
        const kept = turns - turnsDropped(turns, window);
        expect(kept).toBeLessThanOrEqual(window.maxTurns);
        expect(kept).toBeGreaterThanOrEqual(window.maxTurns - Math.min(window.dropTurns, window.maxTurns) + 1);
      }
    }
  });

  it('changes only when a block is dropped, so the rendered prefix stays put in between', () => {
    const window = { maxTurns: 12, dropTurns: 6 };
    const changes = Array.from({ length: 40 }, (_, index) => index + 1).filter((turns) => turnsDropped(turns, window) !== turnsDropped(turns - 1, window));
    expect(changes).toEqual([13, 19, 25, 31, 37]);
  });
});
