import { llm } from '@livekit/agents';
import { z } from 'zod';
import { describeScreenText } from './context-message.js';
import type { VisionController } from './vision-controller.js';

/** Lets the model ask for a fresh look at the screen (or camera) in the middle of a turn. */
export function createLookAtScreenTool(vision: VisionController) {
  return llm.tool({
    name: 'look_at_screen',
    description:
      "Look at the user's shared screen (or camera) right now and read the text on it with its layout. Use it when the user asks about what they are showing you and the screen text you have may be out of date.",
    parameters: z.object({
      source: z.enum(['screen', 'camera']).describe('What to look at; the screen unless the user talks about their camera.'),
    }),
    execute: async ({ source }) => {
      const read = await vision.lookNow(source);
      if (read === null) return `The user is not sharing their ${source}.`;
      return describeScreenText(read, source === 'screen' ? 'Screen now' : 'Camera now');
    },
  });
}
