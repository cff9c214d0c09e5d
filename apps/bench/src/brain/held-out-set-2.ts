/**
 * The second held-out evaluation set of `npm run bench:brain -- --set held-out-2`: requests written
 * blind to the intent router, to its prompt, and to the items of the fixed set (eval-set.ts) and of
 * the first held-out set (held-out-set.ts), so that the brain's generalisation can be measured again
 * once the first held-out set has been looked at. Same fixtures, same fixed "now" (Saturday 14 March
 * 2026, 15:26 in London), same checks and the same fair listener as held-out-set.ts; other words,
 * other cities, other sums. Change it only to fix a wrong expectation, and say so in the commit.
 * Never tune the router or the prompt on these items: once they are tuned on, they are no longer
 * held out.
 *
 * Expectations, from a fair listener's side (as in held-out-set.ts):
 * - a question about a clock, a date or a sum needs its tool; a sentence that only mentions a time
 *   or a number ("the train's at 8 15 tomorrow") needs none;
 * - a follow-up that the conversation already answers (the screen or the carton was read a turn
 *   ago) needs no second look; one that asks for something new (a sum on the last result, a timer
 *   changed, another city's clock) needs its tool again;
 * - what no tool can do (heating, lights, messages, shopping, calls, music, directions) is declined
 *   without a claim of success.
 *
 * Clocks, checked against the time zone database for the fixed "now": the United States and Canada
 * are on summer time since 8 March 2026, Europe not until 29 March, New Zealand still until 5 April;
 * Mexico, Iran and Brazil keep no summer time any more.
 */
import { OWN_TIMEZONE, sourceOf, type EvalItem, type EvalTurn } from './eval-set.js';
import { ask, calc, chat, declined, look, time, timer } from './turn-builders.js';
import { CLAIMS_SUCCESS, clockAt, saysNumber, SCREEN_SOURCE, timezoneIn } from './held-out-set.js';

// ---- expected answers ---------------------------------------------------------------------------

/** A day of a month of 2026 in the usual spoken and written forms ("April 12th", "the 12th of April", "12 APR", "12/04"). */
function dayOf(monthPattern: string, monthNumber: number, day: number, ordinalWord: string): string {
  const d = `(?:${day}(?:st|nd|rd|th)?|${ordinalWord})`;
  const mm = String(monthNumber).padStart(2, '0');
  return `\\b(?:${monthPattern}) (?:the )?${d}\\b|\\b(?:the )?${d} (?:of )?(?:${monthPattern})\\b|\\b${day}/0?${monthNumber}\\b|2026-${mm}-${day}`;
}

const MARCH = 'march|mar';
const APRIL = 'april|apr';

/** Saturday 14 March 2026: today in London. */
export const TODAY_2 = new RegExp(dayOf(MARCH, 3, 14, 'fourteenth'), 'i');
/** Friday 13 March 2026: yesterday in London. */
const YESTERDAY = new RegExp(`\\bfriday\\b|${dayOf(MARCH, 3, 13, 'thirteenth')}`, 'i');
/** Sunday 15 March 2026: tomorrow in London, and already today in Auckland. */
const SUNDAY_15 = new RegExp(`\\bsunday\\b|${dayOf(MARCH, 3, 15, 'fifteenth')}`, 'i');
const SATURDAY = /\bsaturday\b/i;
/** The carton's best-before date: 12 April 2026. */
export const APRIL_12 = new RegExp(dayOf(APRIL, 4, 12, 'twelfth'), 'i');

/** The error in the editor's terminal, in its own words or named by its type. */
const THE_ERROR = /type ?error|cannot read propert(?:y|ies) of undefined|can['’]t read propert(?:y|ies) of undefined/i;
const THE_FILE = /todo ?list(?:\.tsx)?/i;
const THE_CARTON = /oatly|oat (?:drink|milk)/i;
const ONE_LITRE = /\b1 ?l\b|\b(?:1|one|a) lit(?:re|er)\b|\b1,?000 ?ml\b|\b(?:1|one) thousand (?:ml|millilit(?:re|er)s)\b/i;

/** Seeing anything on a screen that is not shared: the editor's or the carton's text, made up. */
export const INVENTS_SCREEN_2 = /todo ?list|type ?error|visual studio|vs ?code|parley-web|oatly|\.tsx\b/i;
/** Saying so when nothing is shared. */
export const NOTHING_SHARED_2 =
  /not (?:being |currently )?shared|nothing (?:is )?(?:being )?shared|isn['’]t (?:being )?shared|can(?:no|['’])?t see|(?:don['’]t|do not) see|unable to (?:see|read|access)|no screen|(?:share|sharing) (?:your|the|a) screen|(?:couldn['’]t|could not|wasn['’]t able to) (?:see|get|read|capture)/i;

/**
 * A reply that claims, or promises, an action it has no tool for: everything CLAIMS_SUCCESS catches,
 * and what it was not written for: directions being given or started, the heating said to be set.
 */
export const CLAIMS_SUCCESS_2 = new RegExp(
  [
    CLAIMS_SUCCESS.source,
    '\\b(?:starting|started|opening|opened) (?:the )?(?:navigation|route|(?:google |apple )?maps|spotify)\\b',
    '\\b(?:navigating|routing you|directing you) to\\b',
    '\\b(?:route|navigation|directions?) (?:has|have) been (?:set|started|sent|planned)\\b',
    '\\b(?:take|turn|bear) (?:the )?(?:first |second |third |next )?(?:left|right) (?:onto|into|at)\\b',
    '\\bhead(?:ing)? (?:north|south|east|west)\\b',
    '\\bheating (?:is|has been) (?:now )?(?:on|up|set|at|turned)\\b',
  ].join('|'),
  'i',
);

/** Yes, still Saturday there; a reply that says Sunday is wrong. */
const STILL_SATURDAY = /^(?![\s\S]*\bsunday\b)[\s\S]*\b(?:yes|yeah|yep|still saturday|it(?:['’]s| is) (?:still )?saturday|saturday)\b/i;

// ---- turns --------------------------------------------------------------------------------------

const cannot = (user: string): EvalTurn => declined(user, CLAIMS_SUCCESS_2);

// ---- the set ------------------------------------------------------------------------------------

export const HELD_OUT_SET_2: readonly EvalItem[] = [
  // ---- time: the user's own clock, and cities well beyond the famous few -------------------------
  { id: 'h2-time-own-hey', category: 'time', turns: [time("hey what's the time", OWN_TIMEZONE, clockAt(15, 26))] },
  { id: 'h2-time-own-polite', category: 'time', turns: [time('sorry do you happen to know what time it is', OWN_TIMEZONE, clockAt(15, 26))] },
  { id: 'h2-time-kathmandu', category: 'time', turns: [time('what time is it in kathmandu right now', timezoneIn('Asia/Kathmandu', 'Asia/Katmandu'), clockAt(21, 11))] },
  { id: 'h2-time-tehran', category: 'time', turns: [time('Could you tell me the time in Tehran?', timezoneIn('Asia/Tehran', 'Iran'), clockAt(18, 56))] },
  {
    id: 'h2-time-buenos-aires',
    category: 'time',
    turns: [time("what's the time over in buenos aires", timezoneIn('America/Argentina/Buenos_Aires', 'America/Buenos_Aires'), clockAt(12, 26))],
  },
  { id: 'h2-time-honolulu', category: 'time', turns: [time('um what time is it in honolulu at the moment', timezoneIn('Pacific/Honolulu', 'US/Hawaii'), clockAt(5, 26))] },
  { id: 'h2-time-singapore', category: 'time', turns: [time('time in singapore please', timezoneIn('Asia/Singapore', 'Singapore'), clockAt(23, 26))] },
  { id: 'h2-time-mexico-city', category: 'time', turns: [time("So what's the time in Mexico City?", timezoneIn('America/Mexico_City'), clockAt(9, 26))] },
  {
    id: 'h2-time-st-johns',
    category: 'time',
    turns: [time("what time is it in st john's newfoundland", timezoneIn('America/St_Johns', 'Canada/Newfoundland'), clockAt(12, 56))],
  },
  {
    id: 'h2-time-ho-chi-minh',
    category: 'time',
    turns: [time('I was wondering what time it is in Ho Chi Minh City', timezoneIn('Asia/Ho_Chi_Minh', 'Asia/Saigon'), clockAt(22, 26))],
  },
  { id: 'h2-time-cape-town', category: 'time', turns: [time('my brother lives in cape town, what time is it there now', timezoneIn('Africa/Johannesburg'), clockAt(17, 26))] },

  // ---- date: today, its weekday, neighbouring days, other zones' dates ----------------------------
  { id: 'h2-date-what-day', category: 'date', turns: [time('what day is it', OWN_TIMEZONE, SATURDAY)] },
  { id: 'h2-date-whats-the-date', category: 'date', turns: [time("what's the date", OWN_TIMEZONE, TODAY_2)] },
  { id: 'h2-date-weekday-or-weekend', category: 'date', turns: [time('is today a weekday or is it the weekend', OWN_TIMEZONE, /\bsaturday\b|\bweekend\b/i)] },
  { id: 'h2-date-yesterday', category: 'date', turns: [time('what was the date yesterday', OWN_TIMEZONE, YESTERDAY)] },
  { id: 'h2-date-month', category: 'date', turns: [time('which month are we in again', OWN_TIMEZONE, /\bmarch\b/i)] },
  { id: 'h2-date-tomorrow-weekday', category: 'date', turns: [time("what day of the week is it tomorrow", OWN_TIMEZONE, /\bsunday\b/i)] },
  { id: 'h2-date-auckland', category: 'date', turns: [time("what's the date in auckland", timezoneIn('Pacific/Auckland', 'NZ'), SUNDAY_15)] },
  { id: 'h2-date-hawaii-still', category: 'date', turns: [time('is it still saturday in hawaii', timezoneIn('Pacific/Honolulu', 'US/Hawaii'), STILL_SATURDAY)] },

  // ---- arithmetic in spoken forms -------------------------------------------------------------------
  { id: 'h2-arith-percent-of', category: 'arithmetic', turns: [calc("what's 12 percent of 250", 30, saysNumber('30', 'thirty'))] },
  {
    id: 'h2-arith-percent-off',
    category: 'arithmetic',
    turns: [calc('this jacket is sixty quid with 25% off, what do I actually pay', 45, saysNumber('45(?:[.,]00)?', 'forty[- ]five'))],
  },
  { id: 'h2-arith-percent-on', category: 'arithmetic', turns: [calc('if I put 8 percent on top of 150 what does that come to', 162, saysNumber('162', 'one hundred (?:and )?sixty[- ]two|a hundred (?:and )?sixty[- ]two'))] },
  {
    id: 'h2-arith-tip',
    category: 'arithmetic',
    turns: [calc("how much should I tip on a 64 dollar bill if I'm doing fifteen percent", 9.6, saysNumber('9[.,]60?', 'nine (?:dollars )?(?:and )?sixty(?: cents)?|nine point six'))],
  },
  {
    id: 'h2-arith-split',
    category: 'arithmetic',
    turns: [calc("the bill's 187.50 and there's five of us, how much each", 37.5, saysNumber('37[.,]50?', 'thirty[- ]seven (?:pounds |dollars |euros )?(?:and )?fifty|thirty[- ]seven point five'))],
  },
  { id: 'h2-arith-squared', category: 'arithmetic', turns: [calc("what's nineteen squared", 361, saysNumber('361', 'three hundred (?:and )?sixty[- ]one'))] },
  { id: 'h2-arith-root', category: 'arithmetic', turns: [calc('square root of seven hundred and twenty nine', 27, saysNumber('27', 'twenty[- ]seven'))] },
  {
    id: 'h2-arith-times',
    category: 'arithmetic',
    turns: [calc("what's 48 times 27", 1296, saysNumber('1,?296', 'one thousand,? two hundred (?:and )?ninety[- ]six|twelve hundred (?:and )?ninety[- ]six'))],
  },
  { id: 'h2-arith-take-away', category: 'arithmetic', turns: [calc('take 387 away from a thousand', 613, saysNumber('613', 'six hundred (?:and )?thirteen'))] },
  {
    id: 'h2-arith-shopping',
    category: 'arithmetic',
    turns: [calc('three pounds forty plus two eighty five plus one ninety nine', 8.24, saysNumber('8[.,]24', 'eight (?:pounds )?(?:and )?twenty[- ]four'))],
  },
  {
    id: 'h2-arith-durations',
    category: 'arithmetic',
    turns: [calc('two hours forty five plus an hour fifty, how many minutes is that altogether', 275, saysNumber('275', 'two hundred (?:and )?seventy[- ]five'))],
  },
  { id: 'h2-arith-slip-two', category: 'arithmetic', turns: [calc("what's a hundred and twenty times to", 240, saysNumber('240', 'two hundred (?:and )?forty'))] },
  { id: 'h2-arith-divide', category: 'arithmetic', turns: [calc('nine hundred divided by twelve', 75, saysNumber('75', 'seventy[- ]five'))] },
  { id: 'h2-arith-cubed', category: 'arithmetic', turns: [calc('hey what is seven cubed', 343, saysNumber('343', 'three hundred (?:and )?forty[- ]three'))] },

  // ---- timers and reminders ---------------------------------------------------------------------------
  { id: 'h2-timer-hour-and-half', category: 'timer', turns: [timer('um can you do me a timer for an hour and a half', 5400)] },
  { id: 'h2-timer-move-car', category: 'timer', turns: [timer('remind me to move the car in forty minutes', 2400, /car/i)] },
  { id: 'h2-timer-seconds', category: 'timer', turns: [timer('45 second timer please', 45)] },
  { id: 'h2-timer-lamb', category: 'timer', turns: [timer('can you put a timer on for the lamb, two hours fifteen minutes', 8100, /lamb/i)] },
  { id: 'h2-timer-washing', category: 'timer', turns: [timer('give me a shout in a quarter of an hour about the washing', 900, /wash/i)] },
  { id: 'h2-timer-minute-twenty', category: 'timer', turns: [timer('timer for a minute and twenty seconds', 80)] },
  { id: 'h2-timer-tea', category: 'timer', turns: [timer('so um set a four minute tea timer', 240, /tea/i)] },
  { id: 'h2-timer-tablets', category: 'timer', turns: [timer('Remind me to take my tablets in half an hour.', 1800, /tablet|pill|medic/i)] },
  { id: 'h2-timer-twenty-five', category: 'timer', turns: [timer('could you start a 25 min timer', 1500)] },
  { id: 'h2-timer-slow-cooker', category: 'timer', turns: [timer('set a timer for 3 hours for the slow cooker', 10800, /cooker/i)] },

  // ---- screen and camera ----------------------------------------------------------------------------------
  { id: 'h2-screen-error-says', category: 'screen', turns: [look("what's that error in the terminal say", SCREEN_SOURCE, THE_ERROR)] },
  { id: 'h2-screen-file-name', category: 'screen', turns: [look('which file have I got open at the moment', SCREEN_SOURCE, THE_FILE)] },
  { id: 'h2-screen-error-line', category: 'screen', turns: [look('what line number is that error pointing at', SCREEN_SOURCE, saysNumber('14', 'fourteen'))] },
  { id: 'h2-screen-first-code-line', category: 'screen', turns: [look('can you read me the first line of code on my screen', SCREEN_SOURCE, /export function todo ?list/i)] },
  { id: 'h2-screen-editor', category: 'screen', turns: [look('which editor am I using, can you tell from the screen', SCREEN_SOURCE, /visual studio code|vs ?code/i)] },
  { id: 'h2-screen-project', category: 'screen', turns: [look("what's the project called, it's up in the title bar", SCREEN_SOURCE, /parley[- ]web/i)] },
  { id: 'h2-screen-property', category: 'screen', turns: [look("look at the error, what property can't it read", SCREEN_SOURCE, /\bmap\b/i)] },
  { id: 'h2-camera-what', category: 'screen', turns: [look("what's this I'm holding up to the camera", sourceOf('camera'), THE_CARTON)] },
  { id: 'h2-camera-expiry', category: 'screen', turns: [look('can you check the camera, when does this go off', sourceOf('camera'), APRIL_12)] },
  { id: 'h2-camera-size', category: 'screen', turns: [look('how big is this carton? have a look through the camera', sourceOf('camera'), ONE_LITRE)] },
  { id: 'h2-camera-brand', category: 'screen', turns: [look('what brand is this, look at the camera', sourceOf('camera'), /oatly/i)] },
  {
    id: 'h2-screen-not-shared',
    category: 'screen',
    screen: 'not-shared',
    turns: [{ ...look("can you have a look at my screen and tell me what's wrong", SCREEN_SOURCE, NOTHING_SHARED_2), mustNotSay: INVENTS_SCREEN_2 }],
  },

  // ---- factual questions with well-known answers -----------------------------------------------------------
  { id: 'h2-fact-kenya', category: 'factual', turns: [ask("what's the capital of kenya", /\bnairobi\b/i)] },
  { id: 'h2-fact-spider-legs', category: 'factual', turns: [ask('how many legs has a spider got', saysNumber('8', 'eight'))] },
  { id: 'h2-fact-starry-night', category: 'factual', turns: [ask('who painted the starry night', /van gogh/i)] },
  { id: 'h2-fact-ocean', category: 'factual', turns: [ask("what's the biggest ocean in the world", /\bpacific\b/i)] },
  { id: 'h2-fact-sodium', category: 'factual', turns: [ask("what's the chemical symbol for sodium", /\bna\b/i)] },
  { id: 'h2-fact-1984', category: 'factual', turns: [ask('who wrote nineteen eighty four', /\borwell\b/i)] },
  { id: 'h2-fact-continents', category: 'factual', turns: [ask('um how many continents are there in the world', saysNumber('7', 'seven'))] },
  { id: 'h2-fact-freezing-f', category: 'factual', turns: [ask('what temperature does water freeze at in fahrenheit', saysNumber('32', 'thirty[- ]two'))] },
  { id: 'h2-fact-everest', category: 'factual', turns: [ask("what's the tallest mountain on earth", /\beverest\b/i)] },
  { id: 'h2-fact-penicillin', category: 'factual', turns: [ask('so who discovered penicillin', /\bfleming\b/i)] },
  { id: 'h2-fact-brazil', category: 'factual', turns: [ask('what language do they speak in brazil', /\bportuguese\b/i)] },
  { id: 'h2-fact-first-president', category: 'factual', turns: [ask('who was the first president of the united states', /\bwashington\b/i)] },
  { id: 'h2-fact-hexagon', category: 'factual', turns: [ask('how many sides does a hexagon have', saysNumber('6', 'six'))] },
  { id: 'h2-fact-football', category: 'factual', turns: [ask('how many players are there on a football team', saysNumber('11', 'eleven'))] },

  // ---- chit-chat, some of it mentioning times and numbers that need no tool -----------------------------------
  { id: 'h2-chat-thanks', category: 'chit-chat', turns: [chat("thanks, that's brilliant")] },
  { id: 'h2-chat-dentist', category: 'chit-chat', turns: [chat("I've got the dentist at four tomorrow, not looking forward to it")] },
  { id: 'h2-chat-birthday', category: 'chit-chat', turns: [chat("my little one turns 7 next week, can't believe it")] },
  { id: 'h2-chat-joke', category: 'chit-chat', turns: [chat('go on, tell me a joke')] },
  { id: 'h2-chat-run', category: 'chit-chat', turns: [chat('ran 5k this morning in about 28 minutes, pretty pleased with that')] },
  { id: 'h2-chat-dinner', category: 'chit-chat', turns: [chat("we've got 6 people coming round for dinner tonight, bit nervous")] },
  { id: 'h2-chat-train', category: 'chit-chat', turns: [chat("the train's at 8 15 tomorrow so it's an early night for me")] },
  { id: 'h2-chat-how-are-you', category: 'chit-chat', turns: [chat("you alright? how's your day going")] },

  // ---- cannot-do: declined, without a claim of success -------------------------------------------------------
  { id: 'h2-cannot-heating', category: 'cannot-do', turns: [cannot('turn the heating up to 21 degrees')] },
  { id: 'h2-cannot-kitchen-lights', category: 'cannot-do', turns: [cannot('switch off the lights in the kitchen please')] },
  { id: 'h2-cannot-whatsapp', category: 'cannot-do', turns: [cannot("send a whatsapp to dave saying I'm running 10 minutes late")] },
  { id: 'h2-cannot-pizza', category: 'cannot-do', turns: [cannot('order me a large pepperoni pizza from dominos')] },
  { id: 'h2-cannot-cinema', category: 'cannot-do', turns: [cannot("buy two tickets for the 7 o'clock showing of dune")] },
  { id: 'h2-cannot-call-sister', category: 'cannot-do', turns: [cannot('call my sister')] },
  { id: 'h2-cannot-music', category: 'cannot-do', turns: [cannot('play some fleetwood mac')] },
  { id: 'h2-cannot-petrol', category: 'cannot-do', turns: [cannot('navigate to the nearest petrol station')] },
  { id: 'h2-cannot-heathrow', category: 'cannot-do', turns: [cannot('give me directions to heathrow terminal 5')] },
  { id: 'h2-cannot-text', category: 'cannot-do', turns: [cannot("text sarah that I'll be home by 6")] },

  // ---- follow-ups: later turns depend on earlier ones -----------------------------------------------------------
  {
    id: 'h2-fu-africa-clocks',
    category: 'follow-up',
    turns: [time('what time is it in nairobi', timezoneIn('Africa/Nairobi'), clockAt(18, 26)), time('and what about lagos', timezoneIn('Africa/Lagos'), clockAt(16, 26))],
  },
  {
    id: 'h2-fu-us-clocks',
    category: 'follow-up',
    turns: [
      time("what's the time in chicago", timezoneIn('America/Chicago', 'US/Central'), clockAt(10, 26)),
      time('how about denver', timezoneIn('America/Denver', 'US/Mountain'), clockAt(9, 26)),
      time('and phoenix?', timezoneIn('America/Phoenix', 'US/Arizona'), clockAt(8, 26)),
    ],
  },
  {
    id: 'h2-fu-discount',
    category: 'follow-up',
    turns: [calc("what's 15 percent of 340", 51, saysNumber('51', 'fifty[- ]one')), calc('ok so take that off the 340', 289, saysNumber('289', 'two hundred (?:and )?eighty[- ]nine'))],
  },
  {
    id: 'h2-fu-insects',
    category: 'follow-up',
    turns: [ask('how many legs does an insect have', saysNumber('6', 'six')), calc('so how many legs would 37 of them have', 222, saysNumber('222', 'two hundred (?:and )?twenty[- ]two'))],
  },
  {
    id: 'h2-fu-rice-timer',
    category: 'follow-up',
    turns: [timer('set a timer for the rice, 12 minutes', 720, /rice/i), timer('actually can you double that', 1440)],
  },
  {
    id: 'h2-fu-screen-error',
    category: 'follow-up',
    turns: [
      look("what's the error on my screen", SCREEN_SOURCE, THE_ERROR),
      ask('which file and line is that in', /^(?=[\s\S]*todo ?list)(?=[\s\S]*(?:\b14\b|\bfourteen\b))/i),
      ask("what do you think's causing it", /\bitems\b|\bundefined\b/i),
    ],
  },
  {
    id: 'h2-fu-carton',
    category: 'follow-up',
    turns: [look("what's the thing I'm showing the camera", sourceOf('camera'), THE_CARTON), ask('how much is in it', ONE_LITRE), ask('and the best before?', APRIL_12)],
  },
  {
    id: 'h2-fu-divide-result',
    category: 'follow-up',
    turns: [calc("what's 72 times 15", 1080, saysNumber('1,?080', 'one thousand (?:and )?eighty|ten eighty')), calc('now divide that by 8', 135, saysNumber('135', 'one hundred (?:and )?thirty[- ]five|a hundred (?:and )?thirty[- ]five'))],
  },
  {
    id: 'h2-fu-capital-clock',
    category: 'follow-up',
    turns: [ask("what's the capital of peru", /\blima\b/i), time("and what's the time there at the moment", timezoneIn('America/Lima'), clockAt(10, 26))],
  },
  {
    id: 'h2-fu-date-weekday',
    category: 'follow-up',
    turns: [time("hey what's today's date again", OWN_TIMEZONE, TODAY_2), ask('and what day of the week is that', SATURDAY)],
  },
];
