import { describe, expect, it } from 'vitest';
import { cachedAgentsUp } from './agents-up.js';
import { FakeAgentProbe } from './testing/fakes.js';

describe('cachedAgentsUp', () => {
  it('is up when any worker answers, asks at most once per cache period, and assumes up with no URLs', async () => {
    const probe = new FakeAgentProbe();
    let checks = 0;
    const counting = { check: async (url: string) => (checks++, probe.check(url)) };
    let clock = 0;
    const up = cachedAgentsUp(counting, ['http://a', 'http://b'], 1_000, () => clock);
    probe.results.set('http://a', { ok: false, error: 'down' });
    expect(await up()).toBe(true);
    probe.results.set('http://b', { ok: false, error: 'down' });
    expect(await up()).toBe(true); // cached
    expect(checks).toBe(2);
    clock = 1_000;
    expect(await up()).toBe(false);
    expect(checks).toBe(4);
    expect(await cachedAgentsUp(probe, [])()).toBe(true);
  });
});
