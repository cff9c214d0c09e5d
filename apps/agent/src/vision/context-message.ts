import { llm } from '@livekit/agents';
import { VISION_CONTEXT_KEY, type VisionContext } from '@parley/protocol';
import type { ScreenText } from './screen-reader.js';

export type Viewing = VisionContext['viewing'];

export interface SeenText {
  read: ScreenText;
  capturedAt: number;
}

/** Most screen lines handed to the LLM; beyond that the text is mostly noise for a voice turn. */
const MAX_CONTEXT_LINES = 80;
const MAX_CONTEXT_CHARACTERS = 4000;
/** For a local model on a CPU every token of context is prefill time (≈ 15 ms each for 1.5B on 2 cores). */
const MAX_PLAIN_CHARACTERS = 1200;

/**
 * After the lines, where a small model reads last: greedy, it otherwise says the whole block aloud
 * (bench:brain screen items: 4 of 18 answers were the block read out, 1 with this guide; headers
 * worded as speech, "The camera shows, …", were echoed more often, not less).
 */
const PLAIN_TEXT_GUIDE = '(Answer from this text in a short sentence of your own. Do not read it all out, and never say the line numbers.)';
const PLAIN_HEADER_END = ', text read by OCR, line by line from the top:';

/** 'positions': each line with where it sits; 'plain': the lines alone, shorter, for small local models. */
export type ScreenTextLayout = 'positions' | 'plain';

/**
 * Text and layout for the LLM: each line with where it sits on the screen (percent from the top
 * left), so "the button at the bottom right" can be answered from text alone.
 */
export function describeScreenText(read: ScreenText, label: string, layout: ScreenTextLayout = 'positions'): string {
  if (read.lines.length === 0) return `${label}: no readable text.`;
  if (layout === 'plain') {
    // Numbered: a small model then tells one line from the next (without, it echoed more of them).
    let text = '';
    for (const [index, line] of read.lines.slice(0, MAX_CONTEXT_LINES).entries()) {
      const row = `line ${index + 1}: ${line.text}\n`;
      if (text.length + row.length > MAX_PLAIN_CHARACTERS) break;
      text += row;
    }
    return `${label}${PLAIN_HEADER_END}\n${text.trimEnd()}\n${PLAIN_TEXT_GUIDE}`;
  }
  const rows: string[] = [];
  let characters = 0;
  for (const line of read.lines.slice(0, MAX_CONTEXT_LINES)) {
    const x = Math.round((line.box.left / read.imageWidth) * 100);
    const y = Math.round((line.box.top / read.imageHeight) * 100);
    const row = `- [x ${x}%, y ${y}%] ${line.text}`;
    if (characters + row.length > MAX_CONTEXT_CHARACTERS) break;
    rows.push(row);
    characters += row.length;
  }
  return `${label} (${read.imageWidth}x${read.imageHeight}), text read by OCR with positions:\n${rows.join('\n')}`;
}

/** The lines of a 'plain' description, top to bottom; none for any other text. */
export function plainScreenLines(description: string): string[] {
  const [header, ...rest] = description.split('\n');
  if (header === undefined || !header.endsWith(PLAIN_HEADER_END)) return [];
  return rest.flatMap((line) => {
    const numbered = /^line \d+: (.*)$/.exec(line);
    return numbered ? [(numbered[1] as string).trim()] : [];
  });
}

/**
 * The context message that tells the LLM what the agent sees right now. It carries a structured
 * copy under `extra[VISION_CONTEXT_KEY]` for the echo brain.
 */
export function visionContextMessage(viewing: Viewing, screen: SeenText | null, camera: SeenText | null, now = Date.now()): llm.ChatMessage {
  const parts: string[] = [];
  if (viewing === '') {
    parts.push('The user is not sharing a screen or camera; you cannot see anything.');
  } else {
    parts.push(`You can see the user's ${viewing.replace('+', ' and ')}. Use what you see when it helps; call look_at_screen for a fresh look.`);
    if (screen) parts.push(describeScreenText(screen.read, `Screen as of ${Math.max(0, Math.round((now - screen.capturedAt) / 1000))} s ago`));
    if (camera) parts.push(describeScreenText(camera.read, 'Camera'));
  }
  const context: VisionContext = {
    viewing,
    screen: screen ? { text: screen.read.text, capturedAt: screen.capturedAt } : null,
    camera: camera ? { text: camera.read.text, capturedAt: camera.capturedAt } : null,
  };
  return llm.ChatMessage.create({ role: 'system', content: parts.join('\n\n'), extra: { [VISION_CONTEXT_KEY]: context } });
}

/**
 * The small context of `compactContext` vision: null while nothing is shared, else one line that
 * says what is shared. The text itself comes from look_at_screen, which the local brain's router
 * calls for questions about what is shown, so it is evaluated only when asked for.
 */
export function compactVisionContextMessage(viewing: Viewing): llm.ChatMessage | null {
  if (viewing === '') return null;
  const context: VisionContext = { viewing, screen: null, camera: null };
  return llm.ChatMessage.create({
    role: 'system',
    content: `You can see the user's ${viewing.replace('+', ' and ')}: call look_at_screen to read it when they ask about it.`,
    extra: { [VISION_CONTEXT_KEY]: context },
  });
}

/**
 * Puts `message` just before the newest user message of a request's context (a copy made per
 * request, so the conversation history keeps no stale screen text), or at the end when there is
 * no user message yet.
 */
export function insertBeforeLastUserMessage(chatCtx: llm.ChatContext, message: llm.ChatMessage): void {
  const items = chatCtx.items;
  for (let index = items.length - 1; index >= 0; index -= 1) {
    const item = items[index];
    if (item?.type === 'message' && item.role === 'user') {
      items.splice(index, 0, message);
      return;
    }
  }
  items.push(message);
}

/**
 * Adds images to the newest user message. The message object is shared with the session's
 * history, so it is replaced by a copy rather than changed in place.
 */
export function addImagesToLastUserMessage(chatCtx: llm.ChatContext, images: llm.ImageContent[]): boolean {
  if (images.length === 0) return false;
  const items = chatCtx.items;
  for (let index = items.length - 1; index >= 0; index -= 1) {
    const item = items[index];
    if (item?.type === 'message' && item.role === 'user') {
      items[index] = llm.ChatMessage.create({
        role: 'user',
        id: item.id,
        createdAt: item.createdAt,
        content: [...item.content, ...images],
        extra: item.extra,
      });
      return true;
    }
  }
  return false;
}
