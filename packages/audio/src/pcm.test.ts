import { describe, expect, it } from 'vitest';
import { trimLeadingSilence } from './pcm.js';

describe('trimLeadingSilence', () => {
  it('keeps a short lead before the first loud sample', () => {
    const pcm = new Int16Array(16_000);
    pcm.fill(20, 0, 8000); // hiss below the threshold
    pcm.fill(3000, 8000);
    const trimmed = trimLeadingSilence(pcm, 16_000, 20);
    expect(trimmed.length).toBe(16_000 - 8000 + 320);
    expect(trimmed[319]).toBe(20);
    expect(trimmed[320]).toBe(3000);
  });

  it('leaves audio that starts loud, and all-silent audio, as it is', () => {
    const loud = new Int16Array([5000, -5000, 5000]);
    expect(trimLeadingSilence(loud, 16_000)).toBe(loud);
    const silent = new Int16Array(1000);
    expect(trimLeadingSilence(silent, 16_000)).toBe(silent);
  });
});
