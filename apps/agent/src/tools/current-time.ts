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
  // Big cities the time-zone database does not name (it names one city per zone), and countries with one zone.
  'cape town': 'Africa/Johannesburg', durban: 'Africa/Johannesburg', 'south africa': 'Africa/Johannesburg', 'st johns': 'America/St_Johns', 'saint johns': 'America/St_Johns',
  newfoundland: 'America/St_Johns', 'san diego': 'America/Los_Angeles', portland: 'America/Los_Angeles', 'las vegas': 'America/Los_Angeles',
  california: 'America/Los_Angeles', houston: 'America/Chicago', dallas: 'America/Chicago', austin: 'America/Chicago', texas: 'America/Chicago',
  atlanta: 'America/New_York', miami: 'America/New_York', philadelphia: 'America/New_York', orlando: 'America/New_York', 'washington dc': 'America/New_York',
  montreal: 'America/Toronto', ottawa: 'America/Toronto', quebec: 'America/Toronto', calgary: 'America/Edmonton', 'salt lake city': 'America/Denver',
  'rio de janeiro': 'America/Sao_Paulo', brazil: 'America/Sao_Paulo', argentina: 'America/Argentina/Buenos_Aires', peru: 'America/Lima',
  colombia: 'America/Bogota', chile: 'America/Santiago', hawaii: 'Pacific/Honolulu', alaska: 'America/Anchorage', barcelona: 'Europe/Madrid', spain: 'Europe/Madrid',
  munich: 'Europe/Berlin', hamburg: 'Europe/Berlin', frankfurt: 'Europe/Berlin', germany: 'Europe/Berlin', milan: 'Europe/Rome', florence: 'Europe/Rome', venice: 'Europe/Rome',
  naples: 'Europe/Rome', italy: 'Europe/Rome', france: 'Europe/Paris', lyon: 'Europe/Paris', marseille: 'Europe/Paris', edinburgh: 'Europe/London', manchester: 'Europe/London',
  glasgow: 'Europe/London', england: 'Europe/London', scotland: 'Europe/London', 'the uk': 'Europe/London', ireland: 'Europe/Dublin', geneva: 'Europe/Zurich', switzerland: 'Europe/Zurich',
  netherlands: 'Europe/Amsterdam', holland: 'Europe/Amsterdam', rotterdam: 'Europe/Amsterdam', belgium: 'Europe/Brussels', portugal: 'Europe/Lisbon', porto: 'Europe/Lisbon',
  greece: 'Europe/Athens', ankara: 'Europe/Istanbul', poland: 'Europe/Warsaw', krakow: 'Europe/Warsaw', sweden: 'Europe/Stockholm', norway: 'Europe/Oslo',
  denmark: 'Europe/Copenhagen', finland: 'Europe/Helsinki', 'st petersburg': 'Europe/Moscow', 'saint petersburg': 'Europe/Moscow', israel: 'Asia/Jerusalem', 'tel aviv': 'Asia/Jerusalem',
  'abu dhabi': 'Asia/Dubai', 'saudi arabia': 'Asia/Riyadh', egypt: 'Africa/Cairo', kenya: 'Africa/Nairobi', nigeria: 'Africa/Lagos', pakistan: 'Asia/Karachi', lahore: 'Asia/Karachi',
  islamabad: 'Asia/Karachi', bangalore: 'Asia/Kolkata', bengaluru: 'Asia/Kolkata', chennai: 'Asia/Kolkata', hyderabad: 'Asia/Kolkata', nepal: 'Asia/Kathmandu', thailand: 'Asia/Bangkok',
  vietnam: 'Asia/Ho_Chi_Minh', hanoi: 'Asia/Ho_Chi_Minh', shenzhen: 'Asia/Shanghai', guangzhou: 'Asia/Shanghai', taiwan: 'Asia/Taipei', korea: 'Asia/Seoul', 'south korea': 'Asia/Seoul',
  osaka: 'Asia/Tokyo', kyoto: 'Asia/Tokyo', philippines: 'Asia/Manila', indonesia: 'Asia/Jakarta', bali: 'Asia/Makassar', malaysia: 'Asia/Kuala_Lumpur', 'new zealand': 'Pacific/Auckland',
  wellington: 'Pacific/Auckland', canberra: 'Australia/Sydney', iceland: 'Atlantic/Reykjavik',
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

/** The zones of the places named in `text`, in order of mention ("st. john's" is st johns). */
export function placesNamed(text: string): string[] {
  const plain = text.replace(/(\w)'(\w)/g, '$1$2').replace(/\b(st|mt)\./g, '$1');
  return [...plain.matchAll(PLACE_PATTERN)].map((match) => ZONE_CITIES.get(match[1] ?? '') ?? '').filter((zone) => zone !== '');
}

const ASKS_TIME = /\b(what(?:'s| is)? the time|what time is it|what time it is|time is it|the (?:current |exact )?time (?:now|right now|please|in)|(?:current|exact|local) time|tell me the time|(?:know|have|got|give me) the time|what hour is it)\b/;
const ASKS_DATE = /\b(what(?:'s| is) (?:the |today'?s |tomorrow'?s |yesterday'?s )?date|what date is it|what day (?:is|was|will) (?:it|today|tomorrow|yesterday)|which day is (?:it|today)|what(?:'s| is) today|day of the week|(?:what|which) (?:month|year) (?:is it|is this|are we in|are we on)|(?:what|which) day (?:is this|are we on)|what(?:'s| is| was| will be) the date (?:today|tomorrow|yesterday)|what date (?:was|is|will) it (?:be )?(?:today|tomorrow|yesterday)|today'?s date|is (?:it|today) (?:still |already |now )?(?:the )?(?:weekend|a weekday|a weekend|(?:a )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)))\b/;
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
  const place = /\bin ([a-z][a-z .'-]{1,30})$/.exec(text.replace(/\b(right )?now\b|\bplease\b|\bat the moment\b|\bagain\b|\bthen\b|\banyway\b|\btoday\b/g, '').trim())?.[1]?.trim();
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
