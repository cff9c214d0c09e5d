import { llm } from '@livekit/agents';
import { z } from 'zod';
import type { ToolDefinition } from './tool-services.js';

export const currentTimeTool: ToolDefinition = {
  name: 'get_current_time',
  create: (services) =>
    llm.tool({
      name: 'get_current_time',
      description: 'Get the current date and time. Use it whenever the user asks what time or day it is.',
      parameters: z.object({
        timezone: z.string().optional().describe('IANA time zone such as "Europe/Paris"; omit for the user\'s own'),
      }),
      execute: async ({ timezone }) => {
        const zone = timezone ?? services.timezone;
        let format: Intl.DateTimeFormat;
        try {
          format = new Intl.DateTimeFormat('en-US', { timeZone: zone, dateStyle: 'full', timeStyle: 'short' });
        } catch {
          throw new llm.ToolError(`"${zone}" is not a time zone I know`);
        }
        const now = services.now();
        return { spoken: format.format(now), timezone: zone, iso: now.toISOString() };
      },
    }),
};
