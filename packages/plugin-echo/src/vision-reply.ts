import type { llm } from '@livekit/agents';
import { z } from 'zod';

/**
 * Where the agent's vision module leaves what it currently sees: the `extra` field of a context
 * message it adds to each LLM request. Real LLMs read the message text; the echo brain reads
 * this structured copy so it can answer "what is on my screen?" without a model.
 */
export const VISION_CONTEXT_KEY = 'parley.vision';

const visionTextSchema = z.object({
  /** Recognised text, one line per screen line, top to bottom. */
  text: z.string(),
  /** When the frame that was read arrived (epoch ms). */
  capturedAt: z.number(),
});

export const visionContextSchema = z.object({
  viewing: z.enum(['', 'screen', 'camera', 'screen+camera']),
  screen: visionTextSchema.nullable(),
  camera: visionTextSchema.nullable(),
});

export type VisionContext = z.infer<typeof visionContextSchema>;

/** The newest vision context in the request, or null when the agent sees nothing. */
export function findVisionContext(chatCtx: llm.ChatContext): VisionContext | null {
  for (let index = chatCtx.items.length - 1; index >= 0; index -= 1) {
    const item = chatCtx.items[index];
    if (item?.type !== 'message') continue;
    const parsed = visionContextSchema.safeParse(item.extra?.[VISION_CONTEXT_KEY]);
    if (parsed.success) return parsed.data;
  }
  return null;
}

export type VisionQuestion = 'screen' | 'camera';

/**
 * Whether the user asks what the agent sees. Tolerant of what speech recognition makes of it
 * ("what's on my screen", "what does the screen say", "read my screen", "what do you see").
 */
export function visionQuestionOf(userText: string): VisionQuestion | null {
  const text = userText.toLowerCase();
  if (/\b(camera|webcam)\b/.test(text)) return 'camera';
  if (/\bscreens?\b/.test(text)) return 'screen';
  if (/\b(do|can) you see\b|\blooking at\b/.test(text)) return 'screen';
  return null;
}

/** Longest reply read aloud, so a full page of text does not become a minute of speech. */
const MAX_READ_CHARACTERS = 400;

/** The echo brain's answer to a vision question, from what the vision module read. */
export function composeVisionReply(question: VisionQuestion, context: VisionContext | null): string {
  const seen = question === 'camera' ? context?.camera : context?.screen;
  const viewing = context?.viewing ?? '';
  const what = question === 'camera' ? 'camera' : 'screen';
  if (!viewing.includes(what)) {
    return question === 'camera'
      ? "I can't see your camera. Turn it on and ask me again."
      : "I can't see your screen. Share it and ask me again.";
  }
  const lines = (seen?.text ?? '').split('\n').map((line) => line.trim().replace(/[.!?,;:]+$/u, '')).filter((line) => line.length > 0);
  if (lines.length === 0) return `I can see your ${what}, but I can't read any text on it.`;
  let spoken = '';
  for (const line of lines) {
    const next = spoken.length === 0 ? line : `${spoken}. ${line}`;
    if (next.length > MAX_READ_CHARACTERS) break;
    spoken = next;
  }
  if (spoken.length === 0) spoken = (lines[0] ?? '').slice(0, MAX_READ_CHARACTERS);
  return `Your ${what} says: ${spoken}.`;
}
