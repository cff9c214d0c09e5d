/**
 * Requests a voice assistant is often asked for that Parley has no tool for. A small model tends
 * to agree to them ("Sure, I'll call your mum") instead of saying it cannot: these get an honest
 * answer, with what it can do instead. Patterns need the request at the start of the sentence
 * ("call my mum", "can you order a pizza"), so questions that merely contain a verb are left alone.
 */
const ASK = String.raw`^(?:hey |ok(?:ay)? |so |um |uh )?(?:please |can you |could you |would you |will you |i want you to |i'd like you to |go ahead and )?(?:please )?`;

const UNSUPPORTED: readonly { pattern: RegExp; what: string; why?: string }[] = [
  { pattern: new RegExp(`${ASK}(?:turn|switch) (?:on|off|up|down) |${ASK}(?:turn|switch) (?:the |my )?[a-z ]+ (?:on|off)$|${ASK}(?:dim|brighten) |${ASK}set the (?:thermostat|heating|temperature)\\b`), what: 'control lights or devices' },
  { pattern: new RegExp(`${ASK}(?:open|close|shut|lock|unlock) (?:the |my )?(?:front |back |garage )?(?:door|window|garage|gate|blinds|curtains)\\b`), what: 'open, close or lock anything' },
  { pattern: new RegExp(`${ASK}(?:call|phone|ring|dial|facetime) (?!it\\b|that\\b)`), what: 'make phone calls' },
  { pattern: new RegExp(`${ASK}(?:send|write|text|email|e-mail|message) (?:a |an )?(?:text|message|email|e-mail|sms|note)?`), what: 'send messages or emails' },
  { pattern: new RegExp(`${ASK}(?:order|buy|purchase|book|reserve|pay) `), what: 'order, buy or book things' },
  { pattern: new RegExp(`${ASK}(?:play|pause|skip|shuffle) (?:some |the |my |a )?(?:music|song|songs|track|playlist|radio|podcast|video|album|next)\\b`), what: 'play music or media' },
  // Live information, asked however the recognizer spelled the verb ("red me the news").
  { pattern: /\b(?:what(?:'s| is) the weather|weather (?:like )?(?:today|tomorrow|forecast|this week)|will it (?:rain|snow)|is it going to (?:rain|snow)|(?:the|today's|latest|any) (?:news|headlines)|stock price|sports? scores?)\b/, what: 'look that up', why: 'I have no internet connection here.' },
];

const OFFER = 'I can tell you the time and date, work out sums, set timers and reminders, read your shared screen, and answer questions.';

/** The honest answer to a request no tool can serve, or null when the words ask for something else. */
export function cannotDoReply(text: string): string | null {
  const found = UNSUPPORTED.find((entry) => entry.pattern.test(text));
  // A short first sentence: the voice starts as soon as it is synthesized.
  return found === undefined ? null : `Sorry, I can't ${found.what}. ${found.why ? `${found.why} ` : ''}${OFFER}`;
}
