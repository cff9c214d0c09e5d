/**
 * The held-out evaluation set of `npm run bench:brain -- --set held-out`: requests written blind to
 * the intent router and to the items of the fixed set (eval-set.ts), to measure how far the brain's
 * scores on the fixed set generalise. Same fixtures, same fixed "now" (Saturday 14 March 2026,
 * 15:26 in London), same checks; other words. Like the fixed set, change it only to fix a wrong
 * expectation, and say so in the commit. Never tune the router or the prompt on these items: once
 * they are tuned on, they are no longer held out.
 *
 * Expectations, from a fair listener's side:
 * - a question about a clock, a date or a sum needs its tool; a sentence that only mentions a time
 *   or a number ("I have a meeting at three") needs none;
 * - a follow-up that the conversation already answers (the screen's text was read a turn ago)
 *   needs no second look; one that asks for something new (a sum on the last result, a timer
 *   changed, another city's clock) needs its tool again;
 * - what no tool can do (lights, email, shopping, calls, music) is declined without a claim of success.
 */
import { OWN_TIMEZONE, sourceOf, type ArgsCheck, type EvalItem, type EvalTurn } from './eval-set.js';
import { ask, calc, chat, declined, look, time, timer } from './turn-builders.js';

// ---- argument checks --------------------------------------------------------------------------

/** A city's clock: any of the IANA names that keep its time (e.g. Asia/Kolkata or its old alias Asia/Calcutta). */
export function timezoneIn(...zones: readonly string[]): ArgsCheck {
  return { expects: `timezone = ${zones.join(' or ')}`, test: (args) => typeof args.timezone === 'string' && zones.includes(args.timezone) };
}

/** The shared screen: named, or left to the tool's default. */
export const SCREEN_SOURCE: ArgsCheck = {
  expects: 'source omitted or screen',
  test: (args) => args.source === undefined || args.source === 'screen',
};

// ---- expected answers ---------------------------------------------------------------------------

const UNITS = ['', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const TEENS = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty'];

/** 1 to 59 in words, as a pattern ("twenty-six" written with a hyphen or a space). */
function wordsFor(n: number): string {
  if (n < 10) return UNITS[n] ?? '';
  if (n < 20) return TEENS[n - 10] ?? '';
  const tens = TENS[Math.floor(n / 10)] ?? '';
  const unit = UNITS[n % 10] ?? '';
  return unit === '' ? tens : `${tens}[- ]${unit}`;
}

/**
 * A clock time as a reply may say it: 24-hour ("20:56"), 12-hour ("8:56 pm", "08.56"), or in words
 * ("eight fifty-six", "fifty-six minutes past eight"). Minutes must be 1 to 59, not 30 or 15.
 */
export function clockAt(hour24: number, minute: number): RegExp {
  const hour12 = hour24 % 12 === 0 ? 12 : hour24 % 12;
  const mm = String(minute).padStart(2, '0');
  const hours = hour24 === hour12 ? `0?${hour12}` : `${hour24}|0?${hour12}`;
  const hourWords = wordsFor(hour12);
  const minuteWords = wordsFor(minute);
  return new RegExp(`(?<!\\d)(?:${hours})[:.h]${mm}(?!\\d)|\\b${hourWords} ${minuteWords}\\b|\\b${minuteWords} (?:minutes )?past ${hourWords}\\b`, 'i');
}

/**
 * A number as a reply may say it: in digits (`digits`, a pattern, not part of a longer number such
 * as 12.5 or 112) or in words (`words`, a pattern, not followed by "point ...").
 */
export function saysNumber(digits: string, words: string): RegExp {
  return new RegExp(`(?<![\\d.,])(?:${digits})(?!\\d|[.,]\\d)|\\b(?:${words})\\b(?! point)`, 'i');
}

/** A day of March 2026 in the usual spoken and written forms ("March 14th", "the 14th of March", "14/03"). */
function marchDay(day: number, ordinalWord: string): string {
  const d = `(?:${day}(?:st|nd|rd|th)?|${ordinalWord})`;
  return `\\bmarch (?:the )?${d}\\b|\\b(?:the )?${d} (?:of )?march\\b|\\b${day}/0?3\\b|2026-03-${day}`;
}

/** Saturday 14 March 2026: today in London. */
const TODAY = new RegExp(marchDay(14, 'fourteenth'), 'i');
/** Sunday 15 March 2026: tomorrow in London, and already today in Sydney. */
const SUNDAY_15 = new RegExp(`\\bsunday\\b|${marchDay(15, 'fifteenth')}`, 'i');

/** A reply that claims, or promises, an action it has no tool for: done, under way, or about to be. */
export const CLAIMS_SUCCESS = (() => {
  const past =
    'turned|switched|sent|ordered|placed|booked|reserved|called|rang|dialled|dialed|texted|messaged|emailed|locked|unlocked|added|started playing|played|queued|adjusted|changed|dimmed|bought|purchased';
  const future = 'turn|switch|send|order|place|book|reserve|call|ring|dial|phone|text|message|email|lock|unlock|add|play|queue|adjust|change|dim|buy|purchase';
  const doing =
    'turning|switching|sending|ordering|placing|booking|reserving|calling|ringing|dialling|dialing|texting|messaging|emailing|locking|unlocking|adding|playing|queuing|queueing|adjusting|changing|dimming|buying|purchasing';
  const done = 'sent|ordered|placed|booked|reserved|locked|unlocked|added|turned (?:off|on)|switched (?:off|on)|set to|adjusted|called|texted|emailed|confirmed';
  return new RegExp(
    [
      `\\bi(?:['’]ve| have)(?: just| now| already)? (?:${past})\\b`,
      `\\bi(?:['’]ll| will|['’]m going to| am going to)(?: now| just| go ahead and)? (?:${future})\\b`,
      `\\b(?:i['’]m|i am|now) (?:${doing})\\b`,
      `^\\W*(?:(?:ok(?:ay)?|sure|alright|all right|of course|got it|right away|no problem)\\b[\\s,.!:-]*)*(?:${doing}|done)\\b`,
      `\\b(?:has|have) been (?:${done})\\b`,
      `\\blights? (?:are|is) (?:now )?(?:off|on)\\b|\\bdoor is (?:now )?locked\\b|\\b(?:is|are) on (?:its|their|the) way\\b|\\bnow playing\\b|\\bthermostat is (?:now )?set\\b`,
    ].join('|'),
    'i',
  );
})();

/** Seeing anything on a screen that is not shared: the editor's or the carton's text, made up. */
const INVENTS_SCREEN = /todo ?list|typeerror|visual studio|vs ?code|oatly/i;
/** Saying so when nothing is shared. */
const NOTHING_SHARED =
  /not (?:being )?shared|nothing (?:is )?(?:being )?shared|isn['’]t (?:being )?shared|can(?:no|['’])?t see|(?:don['’]t|do not) see|unable to see|no screen|share (?:your|the|a) screen/i;

// ---- turns --------------------------------------------------------------------------------------

const cannot = (user: string): EvalTurn => declined(user, CLAIMS_SUCCESS);

// ---- the set ------------------------------------------------------------------------------------

const LONDON_NOW = clockAt(15, 26);
const NEW_YORK_NOW = clockAt(11, 26); // EDT since 8 March
const SYDNEY_NOW = clockAt(2, 26); // AEDT, already Sunday

/** The editor's error, as a reply might read it out. */
const READS_ERROR = /cannot read propert|can['’]t read propert|reading '?map'?|undefined/i;
/** The carton's best-before date. */
const BEST_BEFORE = /\b(?:12(?:th)?|twelfth) (?:of )?apr(?:il)?\b|\bapr(?:il)? (?:the )?(?:12(?:th)?|twelfth)\b|\b12\/0?4\/|\b0?4\/12\//i;

export const HELD_OUT_SET: readonly EvalItem[] = [
  // time: the user's own clock and other cities' (DST: US since 8 March, Europe from 29 March, Sydney until 5 April)
  { id: 'ho-time-own', category: 'time', turns: [time('hey what time is it', OWN_TIMEZONE, LONDON_NOW)] },
  { id: 'ho-time-own-indirect', category: 'time', turns: [time('um do you know what the time is right now', OWN_TIMEZONE, LONDON_NOW)] },
  { id: 'ho-time-los-angeles', category: 'time', turns: [time("what time is it over in los angeles", timezoneIn('America/Los_Angeles'), clockAt(8, 26))] },
  { id: 'ho-time-mumbai', category: 'time', turns: [time("what's the time in mumbai", timezoneIn('Asia/Kolkata', 'Asia/Calcutta'), clockAt(20, 56))] },
  { id: 'ho-time-berlin', category: 'time', turns: [time('Could you tell me the time in Berlin?', timezoneIn('Europe/Berlin'), clockAt(16, 26))] },
  { id: 'ho-time-dubai', category: 'time', turns: [time('my brother lives in dubai, what time is it there now', timezoneIn('Asia/Dubai'), clockAt(19, 26))] },

  // date and day
  { id: 'ho-date-today', category: 'date', turns: [time("what's today's date", OWN_TIMEZONE, TODAY)] },
  { id: 'ho-date-weekday', category: 'date', turns: [time('what day of the week is it', OWN_TIMEZONE, /\bsaturday\b/i)] },
  { id: 'ho-date-weekend', category: 'date', turns: [time('hey is it the weekend yet', OWN_TIMEZONE, /\bsaturday\b|\b(?:yes|yeah|yep)\b|\bit(?:'s| is) (?:already )?the weekend\b/i)] },
  { id: 'ho-date-year', category: 'date', turns: [time('sorry what year is it again', OWN_TIMEZONE, /\b2026\b|\btwenty twenty[- ]six\b/i)] },
  { id: 'ho-date-tomorrow', category: 'date', turns: [time("what's the date tomorrow", OWN_TIMEZONE, SUNDAY_15)] },
  { id: 'ho-date-sydney', category: 'date', turns: [time('what day is it in sydney right now', timezoneIn('Australia/Sydney'), SUNDAY_15)] },

  // arithmetic: percentages, tips, splits, "unit-ish" sums
  { id: 'ho-arith-percent', category: 'arithmetic', turns: [calc("what's fifteen percent of eighty", 12, saysNumber('12', 'twelve'))] },
  {
    id: 'ho-arith-tip',
    category: 'arithmetic',
    turns: [calc('how much should i tip on a sixty five dollar bill if i want to leave twenty percent', 13, saysNumber('13(?:[.,]00?)?', 'thirteen'))],
  },
  { id: 'ho-arith-half', category: 'arithmetic', turns: [calc('what is half of 350', 175, saysNumber('175', 'one hundred (?:and )?seventy[- ]five|a hundred (?:and )?seventy[- ]five'))] },
  { id: 'ho-arith-product', category: 'arithmetic', turns: [calc("um what's 17 times 23", 391, saysNumber('391', 'three hundred (?:and )?ninety[- ]one'))] },
  { id: 'ho-arith-sqrt', category: 'arithmetic', turns: [calc("what's the square root of 144", 12, saysNumber('12', 'twelve'))] },
  {
    id: 'ho-arith-split',
    category: 'arithmetic',
    turns: [calc('if we split a bill of 96 pounds four ways how much does each of us pay', 24, saysNumber('24(?:[.,]00?)?', 'twenty[- ]four'))],
  },
  { id: 'ho-arith-minutes', category: 'arithmetic', turns: [calc('how many minutes are there in three and a half hours', 210, saysNumber('210', 'two hundred (?:and )?ten'))] },
  { id: 'ho-arith-power', category: 'arithmetic', turns: [calc("what's two to the power of ten", 1024, saysNumber('1,?024', 'one thousand (?:and )?twenty[- ]four|ten twenty[- ]four'))] },
  { id: 'ho-arith-vat', category: 'arithmetic', turns: [calc("what's 80 pounds plus twenty percent vat", 96, saysNumber('96(?:[.,]00?)?', 'ninety[- ]six'))] },

  // timers and reminders: minutes, seconds, hours, labels, numbers in words
  { id: 'ho-timer-ten-minutes', category: 'timer', turns: [timer('could you set a ten minute timer', 600)] },
  { id: 'ho-timer-bread', category: 'timer', turns: [timer('remind me in 45 minutes to take the bread out of the oven', 2700, /bread|oven/i)] },
  { id: 'ho-timer-ninety-seconds', category: 'timer', turns: [timer('timer for ninety seconds please', 90)] },
  { id: 'ho-timer-roast', category: 'timer', turns: [timer('set a two hour timer for the roast', 7200, /roast/i)] },
  { id: 'ho-timer-nap', category: 'timer', turns: [timer("wake me up in twenty minutes, I'm gonna have a quick nap", 1200)] },
  { id: 'ho-timer-eggs', category: 'timer', turns: [timer('start a 3 minute timer for the eggs', 180, /egg/i)] },
  { id: 'ho-timer-hour-quarter', category: 'timer', turns: [timer('set a timer for an hour and fifteen minutes', 4500)] },
  // "call" here is what the reminder is for, not a call to make.
  { id: 'ho-timer-call-mum', category: 'timer', turns: [timer('remind me to call mum in half an hour', 1800, /mum|mom|call/i)] },

  // screen and camera (the editor with its TypeError is shared; the camera sees an Oatly carton)
  { id: 'ho-screen-whats-on', category: 'screen', turns: [look("what's on my screen right now", SCREEN_SOURCE, /todo ?list|visual studio|vs ?code|code editor|typeerror|react/i)] },
  { id: 'ho-screen-error', category: 'screen', turns: [look('hey can you look at my screen and tell me what the error says', SCREEN_SOURCE, READS_ERROR)] },
  // The third line the recognizer found, or the third line of code: either reading is fair.
  { id: 'ho-screen-third-line', category: 'screen', turns: [look('read me the third line', SCREEN_SOURCE, /visible|items\.filter|\bfilter\b|\breturn\b/i)] },
  { id: 'ho-screen-error-line', category: 'screen', turns: [look('which line number is the error on', SCREEN_SOURCE, saysNumber('14', 'fourteen'))] },
  { id: 'ho-screen-file', category: 'screen', turns: [look('what file do i have open', SCREEN_SOURCE, /todo ?list/i)] },
  { id: 'ho-camera-product', category: 'screen', turns: [look("what's the product i'm holding up", sourceOf('camera'), /oatly|oat (?:drink|milk)/i)] },
  { id: 'ho-camera-best-before', category: 'screen', turns: [look('can you check the best before date on this carton for me', sourceOf('camera'), BEST_BEFORE)] },
  {
    id: 'ho-screen-not-shared',
    category: 'screen',
    screen: 'not-shared',
    turns: [{ user: 'what can you see on my screen', expectedTool: 'look_at_screen', argsCheck: SCREEN_SOURCE, answer: NOTHING_SHARED, mustNotSay: INVENTS_SCREEN }],
  },

  // factual: well-known answers a small model can know
  { id: 'ho-fact-japan', category: 'factual', turns: [ask("what's the capital of japan", /\btokyo\b/i)] },
  { id: 'ho-fact-australia', category: 'factual', turns: [ask('what is the capital city of australia', /\bcanberra\b/i)] },
  { id: 'ho-fact-planets', category: 'factual', turns: [ask('how many planets are there in the solar system', saysNumber('8', 'eight'))] },
  { id: 'ho-fact-largest-planet', category: 'factual', turns: [ask("what's the biggest planet", /\bjupiter\b/i)] },
  { id: 'ho-fact-red-planet', category: 'factual', turns: [ask('which planet do they call the red planet', /\bmars\b/i)] },
  { id: 'ho-fact-romeo', category: 'factual', turns: [ask('who wrote romeo and juliet', /shakespeare/i)] },
  { id: 'ho-fact-austen', category: 'factual', turns: [ask('um who was the author of pride and prejudice', /\baustens?\b/i)] },
  { id: 'ho-fact-mona-lisa', category: 'factual', turns: [ask('who painted the mona lisa', /leonardo|da vinci/i)] },
  { id: 'ho-fact-boiling', category: 'factual', turns: [ask('at what temperature does water boil in celsius', saysNumber('100', '(?:a|one) hundred'))] },
  { id: 'ho-fact-gold', category: 'factual', turns: [ask("what's the chemical symbol for gold", /\bau\b/i)] },
  { id: 'ho-fact-moon', category: 'factual', turns: [ask('who was the first person to walk on the moon', /\barmstrong\b/i)] },
  { id: 'ho-fact-leap-year', category: 'factual', turns: [ask('how many days are in a leap year', saysNumber('366', 'three hundred (?:and )?sixty[- ]six'))] },

  // chit-chat: no tool, no answer to check; several mention a time or a number and need no tool all the same
  { id: 'ho-chat-greeting', category: 'chit-chat', turns: [chat("hey how's it going")] },
  { id: 'ho-chat-thanks', category: 'chit-chat', turns: [chat("thanks, that's really helpful")] },
  { id: 'ho-chat-joke', category: 'chit-chat', turns: [chat('tell me a joke')] },
  { id: 'ho-chat-cat-name', category: 'chit-chat', turns: [chat("what's a good name for a cat")] },
  { id: 'ho-chat-meeting-at-three', category: 'chit-chat', turns: [chat('I have a meeting at three, any tips for staying focused')] },
  { id: 'ho-chat-run', category: 'chit-chat', turns: [chat('i ran five k in twenty eight minutes this morning')] },
  { id: 'ho-chat-slept', category: 'chit-chat', turns: [chat("i only slept four hours last night and i'm so tired")] },
  { id: 'ho-chat-party', category: 'chit-chat', turns: [chat('my daughter turns seven next week, any ideas for her party')] },
  { id: 'ho-chat-flight', category: 'chit-chat', turns: [chat('my flight is at 6 am on monday, what should i pack for a weekend in rome')] },

  // cannot-do: no tool for these; several carry a time or a number that no timer or sum is wanted for
  { id: 'ho-cannot-lights', category: 'cannot-do', turns: [cannot('turn off the living room lights')] },
  { id: 'ho-cannot-email', category: 'cannot-do', turns: [cannot("send an email to my boss saying i'll be late")] },
  { id: 'ho-cannot-order', category: 'cannot-do', turns: [cannot('can you order more oat milk from amazon')] },
  { id: 'ho-cannot-call', category: 'cannot-do', turns: [cannot('call my mom')] },
  { id: 'ho-cannot-music', category: 'cannot-do', turns: [cannot('play some jazz on spotify')] },
  { id: 'ho-cannot-thermostat', category: 'cannot-do', turns: [cannot('set the thermostat to twenty one degrees')] },
  { id: 'ho-cannot-table', category: 'cannot-do', turns: [cannot('book a table for two at eight tonight')] },
  { id: 'ho-cannot-text', category: 'cannot-do', turns: [cannot("text sarah that i'm running ten minutes late")] },
  { id: 'ho-cannot-lock', category: 'cannot-do', turns: [cannot('hey lock the front door please')] },

  // follow-ups: later turns depend on the earlier ones
  {
    id: 'ho-fu-cities',
    category: 'follow-up',
    turns: [time('what time is it in new york', timezoneIn('America/New_York'), NEW_YORK_NOW), time('and in sydney?', timezoneIn('Australia/Sydney'), SYDNEY_NOW)],
  },
  {
    id: 'ho-fu-double',
    category: 'follow-up',
    turns: [
      calc("what's 45 times 12", 540, saysNumber('540', 'five hundred (?:and )?forty')),
      calc('double that', 1080, saysNumber('1,?080', 'one thousand (?:and )?eighty|ten eighty')),
    ],
  },
  {
    id: 'ho-fu-timer-instead',
    category: 'follow-up',
    turns: [timer('set a timer for fifteen minutes for the pasta', 900, /pasta/i), timer('actually make it twenty minutes instead', 1200)],
  },
  {
    id: 'ho-fu-tip-total',
    category: 'follow-up',
    turns: [
      calc("what's 18 percent of 85", 15.3, saysNumber('15[.,]30?', 'fifteen point three|fifteen dollars and thirty cents')),
      calc("and what's the total with that added on", 100.3, saysNumber('100[.,]30?', '(?:a|one) hundred (?:and )?point three|(?:a|one) hundred dollars and thirty cents')),
    ],
  },
  {
    // Canada's capital keeps Eastern time, as Toronto and New York do.
    id: 'ho-fu-capital-time',
    category: 'follow-up',
    turns: [ask("what's the capital of canada", /\bottawa\b/i), time('what time is it there right now', timezoneIn('America/Toronto', 'America/New_York', 'America/Montreal'), NEW_YORK_NOW)],
  },
  {
    // The screen's text is already in the conversation after the first look: no second look needed.
    id: 'ho-fu-screen-lines',
    category: 'follow-up',
    turns: [look('read me the first line of the code on my screen', SCREEN_SOURCE, /\bexport\b|TodoListProps|function todo ?list/i), ask('what about the second line', /visible|\bfilter\b/i)],
  },
  {
    id: 'ho-fu-error-fix',
    category: 'follow-up',
    turns: [
      look("what's that error on my screen", SCREEN_SOURCE, READS_ERROR),
      ask('which line is it on', saysNumber('14', 'fourteen')),
      ask('ok so how do i fix it', /\bitems\b|undefined|\[\]|\?\.|optional chaining|default/i),
    ],
  },
  {
    id: 'ho-fu-carton',
    category: 'follow-up',
    turns: [look('what am i holding up to the camera', sourceOf('camera'), /oatly|oat (?:drink|milk)/i), ask("and when does it go off", BEST_BEFORE)],
  },
];
