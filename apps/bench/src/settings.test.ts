import { describe, expect, it } from 'vitest';
import { BenchSettingsError, loadBenchSettings } from './settings.js';

describe('loadBenchSettings', () => {
  it('gives every variable its default', () => {
    const settings = loadBenchSettings({});
    expect(settings.PARLEY_BENCH_TURNS).toBe('50');
    expect(settings.PARLEY_BENCH_OUT).toBe('bench-results');
    expect(settings.PARLEY_HUMAN_SPEECH_OFFLINE).toBe(false);
  });

  it('reads what is set, and refuses an offline switch that is not 0 or 1', () => {
    expect(loadBenchSettings({ PARLEY_BENCH_OUT: 'elsewhere', PARLEY_HUMAN_SPEECH_OFFLINE: '1' })).toMatchObject({ PARLEY_BENCH_OUT: 'elsewhere', PARLEY_HUMAN_SPEECH_OFFLINE: true });
    expect(() => loadBenchSettings({ PARLEY_HUMAN_SPEECH_OFFLINE: 'yes' })).toThrow(BenchSettingsError);
  });
});
