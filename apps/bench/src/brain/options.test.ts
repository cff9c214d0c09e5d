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

  it('refuses an unknown set or a missing value', () => {
    expect(() => parseBrainBenchOptions(['--set', 'tuned'], {})).toThrow(UsageError);
    expect(() => parseBrainBenchOptions(['--set'], {})).toThrow(UsageError);
    expect(() => parseBrainBenchOptions(['--set', '--no-router'], {})).toThrow(UsageError);
  });

  it('keeps the other options', () => {
    const options = parseBrainBenchOptions(['--only', 'time,date', '--no-router', '--no-prime', '--set', 'held-out'], { PARLEY_BENCH_OUT: 'out' });
    expect(options).toMatchObject({ only: ['time', 'date'], router: false, prime: false, outDir: 'out', set: 'held-out' });
    expect(USAGE).toContain('--set');
  });
});
