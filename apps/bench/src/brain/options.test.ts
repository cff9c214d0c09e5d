import { describe, expect, it } from 'vitest';
import { parseBrainBenchOptions, UsageError, USAGE } from './options.js';

describe('parseBrainBenchOptions', () => {
  it('runs the fixed set by default, into brain.json', () => {
    const options = parseBrainBenchOptions([], {});
    expect(options.set).toBe('fixed');
    expect(options.label).toBe('brain');
    expect(options.outDir).toBe('bench-results');
  });

  it('takes --set held-out, with its own default label', () => {
    const options = parseBrainBenchOptions(['--set', 'held-out'], {});
    expect(options.set).toBe('held-out');
    expect(options.label).toBe('brain-held-out');
    expect(parseBrainBenchOptions(['--set', 'held-out', '--label', 'qwen-ho'], {}).label).toBe('qwen-ho');
    expect(parseBrainBenchOptions(['--label', 'x', '--set', 'fixed'], {})).toMatchObject({ set: 'fixed', label: 'x' });
  });

  it('takes --set held-out-2, with its own default label', () => {
    const options = parseBrainBenchOptions(['--set', 'held-out-2'], {});
    expect(options.set).toBe('held-out-2');
    expect(options.label).toBe('brain-held-out-2');
    expect(parseBrainBenchOptions(['--set', 'held-out-2', '--label', 'qwen-h2'], {}).label).toBe('qwen-h2');
    expect(parseBrainBenchOptions(['--label', 'y', '--set', 'held-out-2'], {})).toMatchObject({ set: 'held-out-2', label: 'y' });
    expect(USAGE).toContain('held-out-2');
  });

  it('refuses an unknown set or a missing value', () => {
    expect(() => parseBrainBenchOptions(['--set', 'tuned'], {})).toThrow(UsageError);
    expect(() => parseBrainBenchOptions(['--set', 'held-out-3'], {})).toThrow(UsageError);
    expect(() => parseBrainBenchOptions(['--set', 'held_out_2'], {})).toThrow(UsageError);
    expect(() => parseBrainBenchOptions(['--set'], {})).toThrow(UsageError);
    expect(() => parseBrainBenchOptions(['--set', '--no-router'], {})).toThrow(UsageError);
  });

  it('keeps the other options', () => {
    const options = parseBrainBenchOptions(['--only', 'time,date', '--no-router', '--no-prime', '--set', 'held-out'], { PARLEY_BENCH_OUT: 'out' });
    expect(options).toMatchObject({ only: ['time', 'date'], router: false, prime: false, outDir: 'out', set: 'held-out' });
    expect(parseBrainBenchOptions(['--set', 'held-out-2', '--only', 'screen', '--no-router'], { PARLEY_BENCH_OUT: 'out2' })).toMatchObject({
      only: ['screen'],
      router: false,
      prime: true,
      outDir: 'out2',
      set: 'held-out-2',
      label: 'brain-held-out-2',
    });
    expect(USAGE).toContain('--set');
  });
});
