import { describe, expect, it } from 'vitest';
import { firstPause, summarizeCutIns, type CutInTrial } from './cut-in.js';

/** 20 ms frames from `from` to `to` (ms), loud or quiet. */
function frames(spans: { from: number; to: number; loud: boolean }[]): { at: number; rms: number }[] {
  return spans.flatMap(({ from, to, loud }) => Array.from({ length: Math.round((to - from) / 20) }, (_, index) => ({ at: from + index * 20, rms: loud ? 3000 : 10 })));
}

describe('firstPause', () => {
  it('finds where the voice stopped after the cut-in and where it came back', () => {
    const heard = frames([{ from: 0, to: 1300, loud: true }, { from: 1300, to: 2500, loud: false }, { from: 2500, to: 3000, loud: true }]);
    expect(firstPause(heard, 1000)).toEqual({ stoppedAt: 1280, resumedAt: 2500 });
  });
  it('ignores gaps between words and reports a voice that never came back', () => {
    const heard = frames([{ from: 0, to: 1200, loud: true }, { from: 1200, to: 1400, loud: false }, { from: 1400, to: 1600, loud: true }, { from: 1600, to: 3000, loud: false }]);
    expect(firstPause(heard, 1000)).toEqual({ stoppedAt: 1580, resumedAt: null });
  });
  it('finds nothing while the voice goes on', () => {
    expect(firstPause(frames([{ from: 0, to: 3000, loud: true }]), 1000)).toBeNull();
  });
});

describe('summarizeCutIns', () => {
  it('counts pauses, resumptions and turns taken per kind', () => {
    const trial = (kind: CutInTrial['kind'], stopMs: number | null, resumedAfterMs: number | null, tookTurn: boolean): CutInTrial => ({ kind, stopMs, paused: stopMs !== null, resumedAfterMs, tookTurn });
    const report = summarizeCutIns([trial('words', 250, null, true), trial('words', 300, null, true), trial('cough', 200, 1200, false), trial('cough', null, null, false), trial('acknowledgement', 220, null, true)]);
    expect(report.stopOnWords.count).toBe(2);
    expect(report.coughs).toMatchObject({ count: 2, paused: 1, resumed: 1, tookTurn: 0 });
    expect(report.acknowledgements).toMatchObject({ count: 1, paused: 1, resumed: 0, tookTurn: 1 });
  });
});
