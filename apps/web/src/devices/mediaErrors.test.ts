import { describe, expect, it } from 'vitest';
import { describeMediaError } from './mediaErrors';

describe('describeMediaError', () => {
  it('names a denied permission', () => {
    expect(describeMediaError(new DOMException('x', 'NotAllowedError'), 'microphone')).toMatch(/Microphone permission was denied/);
  });
  it('names a missing device', () => {
    expect(describeMediaError(new DOMException('x', 'NotFoundError'), 'camera')).toMatch(/No camera was found/);
  });
  it('falls back to the message', () => {
    expect(describeMediaError(new Error('boom'), 'microphone')).toMatch(/boom/);
  });
});
