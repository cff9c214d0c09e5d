import { describe, expect, it } from 'vitest';
import { conversationLoad, FULL_LOAD } from './capacity.js';

describe('conversationLoad', () => {
  it('reports the share of conversation slots in use, reaching full load at the limit', async () => {
    const load = conversationLoad(4);
    expect(await load({ activeJobs: [] })).toBe(0);
    expect(await load({ activeJobs: [1, 2, 3] })).toBe(0.75);
    expect(await load({ activeJobs: [1, 2, 3, 4] })).toBe(FULL_LOAD);
    expect(await load({ activeJobs: [1, 2, 3, 4, 5] })).toBe(FULL_LOAD);
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => conversationLoad(0)).toThrow(RangeError);
    expect(() => conversationLoad(1.5)).toThrow(RangeError);
  });
});
