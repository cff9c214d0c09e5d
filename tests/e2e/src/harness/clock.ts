/** A time of day as written in a reply: "1:09 PM", "13:09", "1 pm", "1 o'clock". */
export interface ClockReading {
  text: string;
  hour: number;
  /** Null when the reply names only the hour. */
  minute: number | null;
  meridiem: 'am' | 'pm' | null;
}

const MERIDIEM = String.raw`([ap])\.?\s?m\b\.?`;
const CLOCK_PATTERNS: RegExp[] = [
  // 1:09 PM, 13:09, 1:09pm, 1:09 p.m.
  new RegExp(String.raw`\b(\d{1,2}):(\d{2})(?:\s*${MERIDIEM})?`, 'gi'),
  // 1 PM, 1pm, 1 p.m.
  new RegExp(String.raw`\b(\d{1,2})()\s*${MERIDIEM}`, 'gi'),
  // 1 o'clock
  /\b(\d{1,2})()\s+o'?\s?clock\b()/gi,
];

/** Every time of day written with digits in `text`. */
export function clockReadings(text: string): ClockReading[] {
  const readings: ClockReading[] = [];
  // "1:09 PM" must not also count as "09 PM": each stretch of text is read once.
  const taken: [number, number][] = [];
  for (const pattern of CLOCK_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (taken.some(([from, to]) => start < to && from < end)) continue;
      const hour = Number(match[1]);
      const minute = match[2] ? Number(match[2]) : null;
      if (hour > 23 || (minute !== null && minute > 59)) continue;
      const letter = match[3]?.toLowerCase();
      taken.push([start, end]);
      readings.push({ text: match[0].trim(), hour, minute, meridiem: letter === 'a' ? 'am' : letter === 'p' ? 'pm' : null });
    }
  }
  return readings;
}

/** Hours of the day (0–23) a reading may mean: "1" without AM/PM is 1 or 13. */
function possibleHours(reading: ClockReading): number[] {
  if (reading.meridiem !== null) {
    if (reading.hour < 1 || reading.hour > 12) return [];
    return [(reading.hour % 12) + (reading.meridiem === 'pm' ? 12 : 0)];
  }
  if (reading.hour > 12) return [reading.hour];
  return [reading.hour % 12, (reading.hour % 12) + 12];
}

/** Hour and minute of `at` on the wall clock of `timeZone`. */
export function wallClock(at: number, timeZone: string): { hour: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: 'numeric', hourCycle: 'h23' }).formatToParts(new Date(at));
  const part = (type: 'hour' | 'minute'): number => Number(parts.find((entry) => entry.type === type)?.value);
  return { hour: part('hour') % 24, minute: part('minute') };
}

/**
 * The readings in `text` that name the wall-clock time of `timeZone` at some moment between `from`
 * and `to` (ms since epoch), give or take `slackMs` for rounding: to the minute when the reply
 * gives minutes, to the hour when it gives only the hour. 12- and 24-hour forms both count.
 */
export function readingsOfTimeBetween(text: string, timeZone: string, from: number, to: number, slackMs = 60_000): ClockReading[] {
  const minutes = new Set<number>();
  const hours = new Set<number>();
  for (let at = from - slackMs; at <= to + slackMs; at += 30_000) {
    const clock = wallClock(at, timeZone);
    minutes.add(clock.hour * 60 + clock.minute);
    hours.add(clock.hour);
  }
  const end = wallClock(to + slackMs, timeZone);
  minutes.add(end.hour * 60 + end.minute);
  hours.add(end.hour);
  return clockReadings(text).filter((reading) =>
    possibleHours(reading).some((hour) => (reading.minute === null ? hours.has(hour) : minutes.has(hour * 60 + reading.minute))),
  );
}
