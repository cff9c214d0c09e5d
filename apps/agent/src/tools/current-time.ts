import { llm } from '@livekit/agents';
import { z } from 'zod';
import { isRecord, type ToolIntent } from './intents.js';
import type { ToolDefinition } from './tool-services.js';

/** Places people ask the time in, by the name they say, and their IANA zone. */
const PLACES: Record<string, string> = {
  london: 'Europe/London', paris: 'Europe/Paris', berlin: 'Europe/Berlin', madrid: 'Europe/Madrid', rome: 'Europe/Rome',
  amsterdam: 'Europe/Amsterdam', moscow: 'Europe/Moscow', dubai: 'Asia/Dubai', india: 'Asia/Kolkata', mumbai: 'Asia/Kolkata',
  delhi: 'Asia/Kolkata', 'new delhi': 'Asia/Kolkata', beijing: 'Asia/Shanghai', shanghai: 'Asia/Shanghai', china: 'Asia/Shanghai',
  'hong kong': 'Asia/Hong_Kong', singapore: 'Asia/Singapore', tokyo: 'Asia/Tokyo', japan: 'Asia/Tokyo', seoul: 'Asia/Seoul',
  sydney: 'Australia/Sydney', melbourne: 'Australia/Melbourne', auckland: 'Pacific/Auckland', 'new york': 'America/New_York',
  boston: 'America/New_York', washington: 'America/New_York', chicago: 'America/Chicago', denver: 'America/Denver',
  'los angeles': 'America/Los_Angeles', 'san francisco': 'America/Los_Angeles', seattle: 'America/Los_Angeles', toronto: 'America/Toronto',
  vancouver: 'America/Vancouver', 'mexico city': 'America/Mexico_City', 'sao paulo': 'America/Sao_Paulo', 'buenos aires': 'America/Argentina/Buenos_Aires',
  cairo: 'Africa/Cairo', lagos: 'Africa/Lagos', nairobi: 'Africa/Nairobi', johannesburg: 'Africa/Johannesburg', utc: 'UTC', gmt: 'UTC',
};

const ASKS_TIME = /\b(what(?:'s| is)? the time|what time is it|what time it is|time is it|the (?:current |exact )?time (?:now|right now|please|in)|(?:current|exact|local) time|tell me the time|(?:know|have|got|give me) the time|what hour is it)\b/;
const ASKS_DATE = /\b(what(?:'s| is) (?:the |today'?s )?date|what date is it|what day is (?:it|today)|which day is (?:it|today)|what(?:'s| is) today|day of the week|what month is it|what year is it|today'?s date)\b/;

/** "what time is it in tokyo" → Asia/Tokyo; undefined for here; null for a place not known (the model then decides). */
function zoneAsked(text: string): string | undefined | null {
  const place = /\bin ([a-z][a-z .'-]{1,30})$/.exec(text.replace(/\b(right )?now\b|\bplease\b|\bat the moment\b/g, '').trim())?.[1]?.trim();
  if (place === undefined || /^(the )?(morning|afternoon|evening|world)$/.test(place)) return undefined;
  return PLACES[place.replace(/^the /, '')] ?? null;
}

const placeName = (zone: string): string => (zone === 'UTC' ? 'UTC' : (zone.split('/').at(-1) ?? zone).replaceAll('_', ' '));

/** "and in new york", "what about tokyo", "how about in london" after a time answer. */
const ELSEWHERE = /^(?:and |so |ok(?:ay)? )?(?:what about|how about|and)(?: the time)?(?: in)? ([a-z][a-z .'-]{1,30})$/;

export const currentTimeIntent: ToolIntent = {
  mentions: /\b(time|times|date|day|days|today|tonight|tomorrow|yesterday|clock|hour|hours|week|month|year|zone|o'clock|now|weekday|morning|evening)\b/,
  match(text, previous) {
    if (previous?.name === 'get_current_time') {
      const place = ELSEWHERE.exec(text)?.[1]?.replace(/^the /, '').trim();
      const zone = place === undefined ? undefined : PLACES[place];
      if (zone !== undefined) return { timezone: zone };
    }
    if (!ASKS_TIME.test(text) && !ASKS_DATE.test(text)) return null;
    const zone = zoneAsked(text);
    if (zone === null) return null;
    return zone === undefined ? {} : { timezone: zone };
  },
  reply(args, output, userText) {
    if (!isRecord(output) || typeof output.time !== 'string' || typeof output.date !== 'string') return null;
    if (ASKS_DATE.test(userText) && !ASKS_TIME.test(userText)) return `Today is ${output.date}.`;
    const where = typeof args.timezone === 'string' ? ` in ${placeName(args.timezone)}` : '';
    return `It's ${output.time}${where}.`;
  },
};

export const currentTimeTool: ToolDefinition = {
  name: 'get_current_time',
  intent: currentTimeIntent,
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
        return {
          spoken: format.format(now),
          time: new Intl.DateTimeFormat('en-US', { timeZone: zone, timeStyle: 'short' }).format(now),
          date: new Intl.DateTimeFormat('en-US', { timeZone: zone, dateStyle: 'full' }).format(now),
          timezone: zone,
          iso: now.toISOString(),
        };
      },
    }),
};
