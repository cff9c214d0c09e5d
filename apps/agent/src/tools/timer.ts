import { llm } from '@livekit/agents';
import { z } from 'zod';
import type { ToolDefinition } from './tool-services.js';

const MAX_TIMER_SECONDS = 24 * 60 * 60;

function describeDuration(totalSeconds: number): string {
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = Math.round(totalSeconds % 60);
  const parts = [
    hours > 0 ? `${hours} hour${hours === 1 ? '' : 's'}` : '',
    minutes > 0 ? `${minutes} minute${minutes === 1 ? '' : 's'}` : '',
    seconds > 0 ? `${seconds} second${seconds === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  return parts.join(' ') || '0 seconds';
}

export const timerTool: ToolDefinition = {
  name: 'set_timer',
  create: (services) =>
    llm.tool({
      name: 'set_timer',
      description: 'Start a timer or reminder. When it is due you announce it out loud, with the label if one was given.',
      parameters: z.object({
        seconds: z.number().positive().max(MAX_TIMER_SECONDS).describe('how long until it is due, in seconds'),
        label: z.string().max(80).optional().describe('what to remind the user of, e.g. "the pasta"'),
      }),
      execute: async ({ seconds, label }) => {
        const dueAt = new Date(services.now().getTime() + seconds * 1000);
        const what = label?.trim() ? `Reminder: ${label.trim()}.` : `Your timer for ${describeDuration(seconds)} is done.`;
        services.schedule(seconds * 1000, () => services.announce(what));
        return { set: true, duration: describeDuration(seconds), dueAt: dueAt.toISOString(), label: label ?? null };
      },
    }),
};
