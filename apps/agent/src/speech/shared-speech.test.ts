import { describe, expect, it } from 'vitest';
import { answerOrFailure, base64Of, samplesOf } from './shared-speech.js';

describe('shared speech engines wire format', () => {
  it('carries PCM through base64 unchanged, from any view of a buffer', () => {
    const backing = new Int16Array([9, 1, -2, 32767, -32768, 0, 9]);
    const view = backing.subarray(1, 6);
    expect([...samplesOf(base64Of(view))]).toEqual([1, -2, 32767, -32768, 0]);
  });

  it('turns a runner failure into a reply that keeps its message', async () => {
    expect(await answerOrFailure(async () => 42)).toBe(42);
    expect(await answerOrFailure(async () => Promise.reject(new Error('Whisper could not start: no model')))).toEqual({ error: 'Whisper could not start: no model' });
  });
});
