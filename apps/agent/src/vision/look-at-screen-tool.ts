import { llm } from '@livekit/agents';
import { z } from 'zod';
import { describeScreenText, plainScreenLines, type ScreenTextLayout } from './context-message.js';
import type { ToolIntent } from '../tools/intents.js';
import type { ScreenText } from './screen-reader.js';

/** What the tool needs from vision: a fresh read of one source, or null when it is not shared. */
export interface ScreenLooker {
  lookNow(source: 'screen' | 'camera'): Promise<ScreenText | null>;
}

/**
 * Questions about what is shown: the screen or camera named, "can you see", "what does the error
 * say", "read me the second line", "which file is that error in". Questions about sharing itself
 * ("how do I share my screen") are left to the model.
 */
export const lookAtScreenIntent: ToolIntent = {
  mentions: /\b(screens?|camera|webcam|see|seeing|look|looking|showing|shown|show|read|error|errors|window|page|tab|file|line|code|message|this|that|here|bar)\b/,
  match(text, previous) {
    if (/\b(share|sharing|turn on|switch on)\b/.test(text)) return null;
    // A line by its place: asked to read it, or after a look ("and the third line?").
    if (lineAskedFor(text) !== null) {
      if (previous?.name === 'look_at_screen' && /^(?:and|what about|how about|now|then|ok(?:ay)?)\b/.test(text)) return { source: previous.args.source === 'camera' ? 'camera' : 'screen' };
      if (/\b(read|say|says|what|whats|what's|tell)\b/.test(text)) return { source: /\b(camera|webcam)\b/.test(text) ? 'camera' : 'screen' };
    }
    // Something held up to the camera: "what am I holding", "the date on this carton".
    const held = /\b(what (?:am i|i'?m) holding|holding (?:up|this|it)|hold(?:ing)? (?:it |this )?up|in my hand|(?:this|the|that) (?:carton|box|bottle|product|package|packet|label|can|jar|tin|bag|card|book|item|thing i'?m holding))\b/.test(text);
    const source = /\b(camera|webcam)\b/.test(text) || held ? 'camera' : 'screen';
    if (held && /\b(what|which|who|read|tell|check|say|says|is there|when|how)\b/.test(text)) return { source };
    // About the screen's content without naming it: the file, tab or window open, the error's line.
    if (/\b(?:what|which) (?:file|tab|page|window|app|program|website|site|document)s? (?:do i have|have i got|is|am i|are) (?:open|up|on|in|showing|looking at)\b/.test(text)) return { source };
    if (/\b(?:what|which) line(?: number)? (?:is|was|are) (?:the|that|this|my) (?:error|warning|problem|bug)\b|\b(?:the|that|this) (?:error|warning)(?: message)? (?:on|at|in) (?:which|what) line\b/.test(text)) return { source };
    if (/\b(screens?|camera|webcam)\b/.test(text) && /\b(what|which|who|read|see|tell|describe|say|says|show|showing|look|is there|are there|any)\b/.test(text)) return { source };
    // "look at the error, what can't it read", "it's up in the title bar": a part of what is shown.
    const lookAtPart = /\blook at (?:the|this|that|my) (?:error|warning|code|page|window|message|file|tab|line|title|text|dialog|popup|output|terminal|console)s?\b/;
    // A request ("can you look at this error", "look at the error, what …"), not a plan ("I'll look at the file later").
    if (lookAtPart.test(text) && (/^(?:(?:can|could|would|will) you |please |(?:ok(?:ay)?|so|now|hey),? )*look at\b/.test(text) || /\b(what|which|why|how|where|who|tell me|read)\b/.test(text))) return { source };
    if (/\b(?:title|tab|status|address|menu|task|tool|side) ?bar\b|\b(?:top|bottom|corner) of (?:the|my) (?:screen|page|window)\b/.test(text) && /\b(what|which|who|read|tell|say|says|called|named)\b/.test(text)) return { source };
    // "which file is that error in", "how do I fix this error": a question about a thing pointed at.
    if (/\b(what|which|where|why|how)\b/.test(text) && /\b(?:this|that|the) (?:error|warning|message|dialog|popup|window|page|line|code|file)\b/.test(text) && /\b(this|that|here)\b/.test(text)) return { source };
    if (/\b(?:can|do|could) you see\b|\bwhat am i (?:looking at|showing you)\b|\bwhat (?:does|do) (?:the|this|that|my) (?:error|message|warning|text|dialog|popup|page|window|line)s? (?:say|mean)\b|\bread (?:me |out )?(?:(?:the|this|that)(?: \w+){0,2} (?:lines?|text|errors?|messages?|code|page|title|labels?|words?|writing|warning|heading|paragraph|sentence|note|sign|screen)|what (?:it|this|that) says|(?:this|that|it)(?: out)?$)\b/.test(text)) return { source };
    return null;
  },
  reply(args, output, userText) {
    if (typeof output !== 'string') return null;
    const what = args.source === 'camera' ? 'camera' : 'screen';
    // Nothing shared: there is nothing for the model to put into words.
    if (output.startsWith(NOT_SHARING)) return `I can't see your ${what} right now. ${what === 'camera' ? 'Turn it on' : 'Share it'} and ask me again.`;
    // "Read me the second line": a lookup, which a 1.5B model miscounts (it read line 1 for "the second").
    const asked = lineAskedFor(userText);
    return asked === null ? null : readLine(plainScreenLines(output), asked, what);
  },

  // The model stalled on the text read: read the first lines out rather than give up.
  fallback(args, output) {
    if (typeof output !== 'string' || output.startsWith(NOT_SHARING)) return null;
    const plain = plainScreenLines(output);
    const lines =
      plain.length > 0
        ? plain
        : output
            .split('\n')
            .slice(1)
            .map((line) => line.replace(/^- \[[^\]]*\] /, '').trim())
            .filter((line) => line !== '');
    if (lines.length === 0) return null;
    let said = '';
    for (const line of lines.slice(0, 4)) {
      if (said.length + line.length > 200) break;
      said += `${said === '' ? '' : '; '}${line}`;
    }
    if (said === '') said = lines[0]!.slice(0, 200);
    return `Here's what I can read on your ${args.source === 'camera' ? 'camera' : 'screen'}: ${said}.`;
  },
};

const NOT_SHARING = 'The user is not sharing';

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'] as const;

/**
 * The line a request names by its place ("read me the second line", "what does line 3 say", "and
 * the last line?"), 1-based, or 'last'; null when it names none. "The first line of code" is left to
 * the model: which line is code is a judgement, not a count.
 */
export function lineAskedFor(text: string): number | 'last' | null {
  const byPlace = /\b(?:the |that |this )?(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|\d{1,2}(?:st|nd|rd|th)) line\b(?! (?:of|in|with|that|which|where)\b)/.exec(text);
  if (byPlace) {
    const place = byPlace[1] as string;
    if (place === 'last') return 'last';
    const word = ORDINALS.indexOf(place as (typeof ORDINALS)[number]);
    return word >= 0 ? word + 1 : Number.parseInt(place, 10);
  }
  const byNumber = /\bline (?:number )?(\d{1,2})\b(?! (?:of|in)\b)/.exec(text);
  return byNumber ? Number.parseInt(byNumber[1] as string, 10) : null;
}

function readLine(lines: readonly string[], asked: number | 'last', what: 'screen' | 'camera'): string | null {
  if (lines.length === 0) return null;
  const index = asked === 'last' ? lines.length : asked;
  const name = asked === 'last' ? 'last' : (ORDINALS[index - 1] ?? `number ${index}`);
  if (index < 1) return null;
  if (index > lines.length) return `I can only read ${lines.length} line${lines.length === 1 ? '' : 's'} on your ${what}. The last one says: ${lines.at(-1)}`;
  return `The ${name} line says: ${lines[index - 1]}`;
}

/** Lets the model ask for a fresh look at the screen (or camera) in the middle of a turn. */
export function createLookAtScreenTool(vision: ScreenLooker, layout: ScreenTextLayout = 'positions') {
  return llm.tool({
    name: 'look_at_screen',
    description:
      "Look at the user's shared screen (or camera) right now and read the text on it with its layout. Use it when the user asks about what they are showing you and the screen text you have may be out of date.",
    parameters: z.object({
      source: z.enum(['screen', 'camera']).describe('What to look at; the screen unless the user talks about their camera.'),
    }),
    execute: async ({ source }) => {
      const read = await vision.lookNow(source);
      if (read === null) return `${NOT_SHARING} their ${source}.`;
      return describeScreenText(read, source === 'screen' ? 'Screen now' : 'Camera now', layout);
    },
  });
}
