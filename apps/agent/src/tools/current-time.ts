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
  cairo: 'Africa/Cairo', kathmandu: 'Asia/Kathmandu', kolkata: 'Asia/Kolkata', 'ho chi minh city': 'Asia/Ho_Chi_Minh', 'ho chi minh': 'Asia/Ho_Chi_Minh', saigon: 'Asia/Ho_Chi_Minh', yangon: 'Asia/Yangon', kyiv: 'Europe/Kyiv', kiev: 'Europe/Kyiv', lagos: 'Africa/Lagos', nairobi: 'Africa/Nairobi', johannesburg: 'Africa/Johannesburg', utc: 'UTC', gmt: 'UTC',
};

/** Every city the time-zone database names ("Asia/Dubai" → dubai), with the places above taking precedence. */
const ZONE_CITIES: ReadonlyMap<string, string> = (() => {
  // Words that are city names in the database but mostly mean something else in a sentence.
  const ambiguous = new Set(['easter', 'midway', 'center', 'knox', 'monticello', 'marengo', 'petersburg', 'vevay', 'winamac', 'tell city', 'beulah', 'new salem', 'general']);
  const cities = new Map<string, string>();
  for (const zone of Intl.supportedValuesOf('timeZone')) {
    const city = zone.split('/').at(-1)?.replaceAll('_', ' ').toLowerCase();
    if (city === undefined || zone.startsWith('Etc/') || ambiguous.has(city) || cities.has(city)) continue;
    cities.set(city, zone);
  }
  for (const [place, zone] of Object.entries(PLACES)) cities.set(place, zone);
  return cities;
})();
const PLACE_PATTERN = new RegExp(String.raw`\b(${[...ZONE_CITIES.keys()].sort((a, b) => b.length - a.length).map((place) => place.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})\b`, 'g');

/** The zones of the places named in `text`, in order of mention. */
export function placesNamed(text: string): string[] {
  return [...text.matchAll(PLACE_PATTERN)].map((match) => ZONE_CITIES.get(match[1] ?? '') ?? '').filter((zone) => zone !== '');
}

const ASKS_TIME = /\b(what(?:'s| is)? the time|what time is it|what time it is|time is it|the (?:current |exact )?time (?:now|right now|please|in)|(?:current|exact|local) time|tell me the time|(?:know|have|got|give me) the time|what hour is it)\b/;
const ASKS_DATE = /\b(what(?:'s| is) (?:the |today'?s |tomorrow'?s |yesterday'?s )?date|what date is it|what day (?:is|was|will) (?:it|today|tomorrow|yesterday)|which day is (?:it|today)|what(?:'s| is) today|day of the week|what month is it|what year is it|today'?s date|is (?:it|today) (?:the )?(?:weekend|a weekday|a weekend|(?:a )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)))\b/;
/** A day other than today, said relative to it. */
const OTHER_DAY = /\b(tomorrow|yesterday|day after tomorrow|day before yesterday)\b/;
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/**
 * The zone a time question is about: "what time is it in tokyo" or "my brother lives in dubai,
 * what time is it there" → that city's zone; undefined for here; null when it cannot be told from
 * the words ("what time is it there" about a place named earlier, a place not in the database):
 * the model then decides, with the conversation in view.
 */
function zoneAsked(text: string): string | undefined | null {
  const zones = [...new Set(placesNamed(text))];
  if (zones.length === 1) return zones[0];
  if (zones.length > 1) return null;
  if (/\bthere\b/.test(text)) return null;
  const place = /\bin ([a-z][a-z .'-]{1,30})$/.exec(text.replace(/\b(right )?now\b|\bplease\b|\bat the moment\b/g, '').trim())?.[1]?.trim();
  if (place === undefined || /^(the )?(morning|afternoon|evening|world|my (?:time ?zone|area)|here|this time ?zone)$/.test(place)) return undefined;
  return null;
}

const placeName = (zone: string): string => (zone === 'UTC' ? 'UTC' : (zone.split('/').at(-1) ?? zone).replaceAll('_', ' '));

/** "and in new york", "what about tokyo", "how about in london" after a time answer. */
const ELSEWHERE = /^(?:and |so |ok(?:ay)? )?(?:what about|how about|and)(?: the time)?(?: in)? ([a-z][a-z .'-]{1,30})$/;

export const currentTimeIntent: ToolIntent = {
  mentions: /\b(time|times|date|day|days|today|tonight|tomorrow|yesterday|clock|hour|hours|week|weekend|weekday|month|year|zone|o'clock|now|weekday|morning|evening)\b/,
  match(text, previous) {
    if (previous?.name === 'get_current_time') {
      const place = ELSEWHERE.exec(text)?.[1]?.replace(/^the /, '').trim();
      const zone = place === undefined ? undefined : placesNamed(place)[0];
      if (zone !== undefined) return { timezone: zone };
    }
    if (!ASKS_TIME.test(text) && !ASKS_DATE.test(text)) return null;
    const zone = zoneAsked(text);
    if (zone === null) return null;
    return zone === undefined ? {} : { timezone: zone };
  },
  reply(args, output, userText) {
    if (!isRecord(output) || typeof output.time !== 'string' || typeof output.date !== 'string') return null;
    const asksDate = ASKS_DATE.test(userText) && !ASKS_TIME.test(userText);
    if (asksDate) return dateReply(output, userText);
    const where = typeof args.timezone === 'string' ? ` in ${placeName(args.timezone)}` : '';
    return `It's ${output.time}${where}.`;
  },
};

/** "Today is …", "Tomorrow is …", "Yes, it's Saturday." from the tool's own answer; null to let the model phrase it. */
function dateReply(output: Record<string, unknown>, userText: string): string | null {
  const date = output.date;
  if (typeof date !== 'string') return null;
  const other = OTHER_DAY.exec(userText)?.[1];
  if (other !== undefined) {
    if (typeof output.iso !== 'string' || typeof output.timezone !== 'string') return null;
    const days = { tomorrow: 1, yesterday: -1, 'day after tomorrow': 2, 'day before yesterday': -2 }[other] ?? 0;
    const shifted = new Date(Date.parse(output.iso) + days * 86_400_000);
    const said = new Intl.DateTimeFormat('en-US', { timeZone: output.timezone, dateStyle: 'full' }).format(shifted);
    return `${other.charAt(0).toUpperCase()}${other.slice(1)} ${days > 0 ? 'is' : 'was'} ${said}.`;
  }
  const weekday = date.split(',')[0]?.toLowerCase() ?? '';
  const asked = /\bis (?:it|today) (?:the |a )?(weekend|weekday|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/.exec(userText)?.[1];
  if (asked !== undefined && WEEKDAYS.includes(weekday)) {
    const weekend = weekday === 'saturday' || weekday === 'sunday';
    const yes = asked === 'weekend' ? weekend : asked === 'weekday' ? !weekend : asked === weekday;
    return `${yes ? 'Yes' : 'No'}, it's ${weekday.charAt(0).toUpperCase()}${weekday.slice(1)}.`;
  }
  return `Today is ${date}.`;
}

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
