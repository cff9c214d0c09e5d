import { describe, expect, it } from 'vitest';
import { findVisionContext, VISION_CONTEXT_KEY, type VisionContext, visionQuestionOf } from './vision.js';

const sharing: VisionContext = { viewing: 'screen', screen: { text: 'PURPLE ELEPHANT 4821', capturedAt: 1 }, camera: null };

describe('vision contract', () => {
  it('recognises questions about the screen and camera', () => {
    expect(visionQuestionOf('what is on my screen')).toBe('screen');
    expect(visionQuestionOf("what's on the screen")).toBe('screen');
    expect(visionQuestionOf('what do you see')).toBe('screen');
    expect(visionQuestionOf('what is in front of my camera')).toBe('camera');
    expect(visionQuestionOf('what is the weather like today')).toBeNull();
  });

  it('finds the newest valid vision context among the request messages', () => {
    const older: VisionContext = { viewing: '', screen: null, camera: null };
    const items = [
      { type: 'message', extra: { [VISION_CONTEXT_KEY]: older } },
      { type: 'message', extra: { [VISION_CONTEXT_KEY]: sharing } },
      { type: 'message', extra: { [VISION_CONTEXT_KEY]: { viewing: 'nonsense' } } },
      { type: 'function_call' },
      { type: 'message', extra: {} },
    ];
    expect(findVisionContext({ items })).toEqual(sharing);
    expect(findVisionContext({ items: [{ type: 'message' }] })).toBeNull();
  });
});
