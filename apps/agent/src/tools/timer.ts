import { llm } from '@livekit/agents';
import { z } from 'zod';
import { isRecord, type ToolIntent } from './intents.js';
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

const ASKS_TIMER = /\b(timers?|remind me|reminder|countdown|count down|wake me(?: up)?|alarm|give me a (?:shout|nudge|ping|buzz|call)|(?:ping|nudge|buzz|alert) me)\b/;
const UNIT_SECONDS: Record<string, number> = { second: 1, sec: 1, minute: 60, min: 60, hour: 3600, hr: 3600 };
const DURATION_PART = /(\d+(?:\.\d+)?) ?(seconds?|secs?|minutes?|mins?|hours?|hrs?)\b/g;

/** "1 hour and 30 minutes", "half an hour", "an hour and a half", "90 seconds" → seconds; null when none is said. */
export function spokenDurationSeconds(text: string): number | null {
  let total = 0;
  let found = false;
  const normalized = text
    .replace(/\b(?:a |one )?quarter of an hour\b|\ba quarter hour\b/g, '15 minutes')
    .replace(/\b(?:three|3) quarters of an hour\b/g, '45 minutes')
    .replace(/\bhalf an hour\b/g, '30 minutes')
    .replace(/\ba half hour\b/g, '30 minutes')
    .replace(/\b(?:an|a|1) (hour|minute) and a half\b/g, (_match, unit: string) => (unit === 'hour' ? '90 minutes' : '90 seconds'))
    .replace(/\b(\d+) and a half (hours?|minutes?)\b/g, (_match, count: string, unit: string) => `${count}.5 ${unit}`)
    .replace(/\b(?:an|a) (hour|minute|second)\b/g, '1 $1');
  for (const match of normalized.matchAll(DURATION_PART)) {
    const unit = match[2]!.replace(/s$/, '');
    total += Number(match[1]) * (UNIT_SECONDS[unit] ?? 0);
    found = true;
  }
  return found && total > 0 ? total : null;
}

/** "actually make it 10", "change it to 20 minutes", "make that 15" after a timer was set. */
const CHANGE = /\b(?:make|change|set|switch) (?:it|that|the timer)(?: to)? (\d+(?:\.\d+)?)\b|^(?:actually |no,? )(\d+(?:\.\d+)?)\b/;
/** "can you double that", "halve it" after a timer was set. */
const SCALE = /\b(double|triple|halve|half) (?:it|that|the timer|the time)\b/;
const SCALE_FACTORS: Record<string, number> = { double: 2, triple: 3, halve: 0.5, half: 0.5 };

/** "remind me in 5 minutes to check the oven" / "remind me to call mum in an hour" */
const REMINDER_TO = /\bremind me (?:in [^,]*? )?to (.+?)(?: in \d.*| in (?:an?|half).*)?$/;
/** "a 2 hour timer for the roast", "a timer for 15 minutes for the pasta", "a shout in 15 minutes about the washing": what it is for, not how long. */
const TIMER_FOR = /\b(?:for|about) ((?:the |my |a |an |our )?[a-z][a-z' ]{1,40}?)(?= for\b| in \d|,|$)/g;
/** "a 4 minute tea timer": the word between the duration and "timer". */
const NAMED_TIMER = /\b(?:seconds?|secs?|minutes?|mins?|hours?|hrs?) ([a-z]+) timer\b/;
const DURATION_WORDS = /\b(seconds?|secs?|minutes?|mins?|hours?|hrs?|half|an?|me|now|please|today|tonight)\b/g;

/** The timer's label from the words around its duration, or nothing. */
export function timerLabel(text: string): { label: string } | Record<string, never> {
  const reminder = REMINDER_TO.exec(text)?.[1]?.trim();
  if (reminder) return { label: reminder };
  for (const match of text.matchAll(TIMER_FOR)) {
    const phrase = match[1]?.trim() ?? '';
    if (/\d/.test(phrase) || phrase.replace(DURATION_WORDS, '').trim() === '') continue;
    return { label: phrase };
  }
  const named = NAMED_TIMER.exec(text)?.[1];
  if (named !== undefined && named.replace(DURATION_WORDS, '').trim() !== '' && !/^(?:countdown|kitchen|new|quick|short|long)$/.test(named)) return { label: named };
  return {};
}

export const timerIntent: ToolIntent = {
  mentions: /\b(timers?|remind|reminder|alarm|countdown|count down|seconds?|minutes?|hours?|wake me|shout|nudge|ping|buzz|double|triple|halve)\b/,
  match(text, previous) {
    if (previous?.name === 'set_timer' && typeof previous.args.seconds === 'number') {
      const before = previous.args.seconds;
      // The timer just set, at a new length, with its label.
      const retimed = (seconds: number): Record<string, unknown> | null =>
        seconds > 0 && seconds <= MAX_TIMER_SECONDS ? (typeof previous.args.label === 'string' ? { seconds, label: previous.args.label } : { seconds }) : null;
      const change = CHANGE.exec(text);
      if (change !== null) {
        // A number alone keeps the unit of the timer it changes.
        const unitSeconds = before % 3600 === 0 ? 3600 : before % 60 === 0 ? 60 : 1;
        const changed = retimed(spokenDurationSeconds(text) ?? Number(change[1] ?? change[2]) * unitSeconds);
        if (changed !== null) return changed;
      }
      const factor = SCALE_FACTORS[SCALE.exec(text)?.[1] ?? ''];
      const scaled = factor === undefined ? null : retimed(Math.round(before * factor));
      if (scaled !== null) return scaled;
    }
    if (!ASKS_TIMER.test(text)) return null;
    const seconds = spokenDurationSeconds(text);
    if (seconds === null || seconds > MAX_TIMER_SECONDS) return null;
    return { seconds, ...timerLabel(text) };
  },
  reply(_args, output, userText) {
    if (!isRecord(output) || output.set !== true || typeof output.duration !== 'string') return null;
    if (typeof output.label !== 'string' || output.label === '') return `Okay, your timer for ${output.duration} is running.`;
    return REMINDER_TO.test(userText) ? `Okay, I'll remind you to ${output.label} in ${output.duration}.` : `Okay, ${output.duration} for ${output.label}, starting now.`;
  },
};

export const timerTool: ToolDefinition = {
  name: 'set_timer',
  intent: timerIntent,
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
