import { describe, expect, it } from 'vitest';
import { attachesImages } from './image-policy.js';

describe('attachesImages', () => {
  it('sends frames to image-capable providers by default, never to echo, and obeys on/off', () => {
    expect(attachesImages('openai', 'auto')).toBe(true);
    expect(attachesImages('gemini', 'auto')).toBe(true);
    expect(attachesImages('openai-compatible', 'auto')).toBe(false);
    expect(attachesImages('local', 'auto')).toBe(false);
    expect(attachesImages('openai-compatible', 'on')).toBe(true);
    expect(attachesImages('openai', 'off')).toBe(false);
    expect(attachesImages('echo', 'on')).toBe(false);
  });
});
