import { llm } from '@livekit/agents';
import { z } from 'zod';
import { describeScreenText, type ScreenTextLayout } from './context-message.js';
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
  match(text) {
    if (/\b(share|sharing|turn on|switch on)\b/.test(text)) return null;
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
  // Nothing shared: there is nothing for the model to put into words.
  reply(args, output) {
    if (typeof output !== 'string' || !output.startsWith(NOT_SHARING)) return null;
    const what = args.source === 'camera' ? 'camera' : 'screen';
    return `I can't see your ${what} right now. ${what === 'camera' ? 'Turn it on' : 'Share it'} and ask me again.`;
  },

  // The model stalled on the text read: read the first lines out rather than give up.
  fallback(args, output) {
    if (typeof output !== 'string' || output.startsWith(NOT_SHARING)) return null;
    const lines = output
      .split('\n')
      .slice(1)
      .map((line) => line.replace(/^line \d+: /, '').replace(/^- \[[^\]]*\] /, '').trim())
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
