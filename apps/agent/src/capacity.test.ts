import { describe, expect, it } from 'vitest';
import { CapacityAnnouncer, conversationLoad, FULL_LOAD } from './capacity.js';

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

describe('CapacityAnnouncer', () => {
  it('announces the load and availability as soon as the number of conversations changes', () => {
    const sent: [number, string][] = [];
    const announcer = new CapacityAnnouncer(2, (load, availability) => sent.push([load, availability]));
    announcer.observe({ activeJobs: [] });
    expect(sent).toEqual([]);
    announcer.observe({ activeJobs: [1] });
    announcer.observe({ activeJobs: [1] });
    announcer.observe({ activeJobs: [1, 2] });
    announcer.observe({ activeJobs: [2] });
    expect(sent).toEqual([
      [0.5, 'available'],
      [1, 'full'],
      [0.5, 'available'],
    ]);
    announcer.stop();
    announcer.observe({ activeJobs: [] });
    expect(sent).toHaveLength(3);
  });
});
