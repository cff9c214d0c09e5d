import { describe, expect, it } from 'vitest';
import { internalPauses, joinWithGap, type Pcm, speechBounds } from './wav.js';

const RATE = 16000;

/** Silence, then a 200 Hz tone of `ms`, then silence: a stand-in for a word. */
function word(leadMs: number, ms: number, tailMs: number): Pcm {
  const samples = new Int16Array(((leadMs + ms + tailMs) * RATE) / 1000);
  const from = (leadMs * RATE) / 1000;
  for (let i = 0; i < (ms * RATE) / 1000; i += 1) samples[from + i] = Math.round(8000 * Math.sin((2 * Math.PI * 200 * i) / RATE));
  return { samples, sampleRate: RATE };
}

describe('wav', () => {
  it('finds where speech starts and ends, and the pauses inside it', () => {
    const a = word(200, 400, 0);
    const b = word(300, 500, 100);
    const both: Pcm = { samples: new Int16Array([...a.samples, ...b.samples]), sampleRate: RATE };
    expect(speechBounds(both)).toEqual({ startMs: 200, endMs: 1400 });
    expect(internalPauses(both)).toEqual([{ atMs: 600, ms: 300 }]);
    expect(internalPauses(both, 400)).toEqual([]);
  });

  it('joins two halves of a sentence with the asked gap between their speech', () => {
    const joined = joinWithGap([word(200, 400, 700), word(500, 300, 200)], 1100);
    expect(internalPauses(joined)).toEqual([{ atMs: 600, ms: 1100 }]);
    // Each half keeps its own lead-in and tail.
    expect(speechBounds(joined)).toEqual({ startMs: 200, endMs: 2000 });
    expect(joined.samples.length).toBe((2200 * RATE) / 1000);
  });
});
