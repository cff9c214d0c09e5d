import { describe, expect, it } from 'vitest';
import { loadBenchConfig } from './config.js';

describe('loadBenchConfig', () => {
  it('defaults to 50 turns and a 1,2,4,8 sweep', () => {
    const config = loadBenchConfig([], {});
    expect(config.turns).toBe(50);
    expect(config.sweep).toEqual([1, 2, 4, 8]);
    expect(config.outDir).toBe('bench-results');
    expect(config.variants).toEqual([]);
  });

  it('reads flags, stack env overrides and variants', () => {
    const config = loadBenchConfig(['--turns', '20', '--sweep', '1,2,4', '--env', 'PARLEY_TTS_ENGINE=flite', '--variant', 'fast:PARLEY_ENDPOINTING_MIN_DELAY_MS=300,PARLEY_ENDPOINTING_MAX_DELAY_MS=1000', '--variant', 'base:'], {});
    expect(config.turns).toBe(20);
    expect(config.sweep).toEqual([1, 2, 4]);
    expect(config.stackEnv).toEqual({ PARLEY_TTS_ENGINE: 'flite' });
    expect(config.variants).toEqual([
      { name: 'fast', env: { PARLEY_ENDPOINTING_MIN_DELAY_MS: '300', PARLEY_ENDPOINTING_MAX_DELAY_MS: '1000' } },
      { name: 'base', env: {} },
    ]);
  });

  it('rejects unknown flags, bad lists and malformed env overrides', () => {
    expect(() => loadBenchConfig(['--turnz', '3'], {})).toThrow(/unknown flag/);
    expect(() => loadBenchConfig(['--sweep', '1,two'], {})).toThrow();
    expect(() => loadBenchConfig(['--env', 'novalue'], {})).toThrow(/KEY=VALUE/);
    expect(() => loadBenchConfig(['--turns'], {})).toThrow(/needs a value/);
  });

  it('says what the user speaks: Festival by default, or the human-speech set', () => {
    expect(loadBenchConfig([], {}).speech).toBe('festival');
    expect(loadBenchConfig(['--speech', 'human'], {}).speech).toBe('human');
    expect(() => loadBenchConfig(['--speech', 'robot'], {})).toThrow(/festival or human/);
    expect(loadBenchConfig(['--cut-ins', '0'], {}).cutIns).toBe(0);
  });

  it('reads the cluster mode levels (off by default)', () => {
    expect(loadBenchConfig([], {}).clusterLevels).toEqual([]);
    expect(loadBenchConfig(['--cluster', '2,4,8', '--sweep-turns', '4'], {}).clusterLevels).toEqual([2, 4, 8]);
    expect(() => loadBenchConfig(['--cluster', 'many'], {})).toThrow();
  });
});
