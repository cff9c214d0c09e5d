import { z } from 'zod';

/**
 * The vision contract between the agent's vision module and every brain. The vision module leaves
 * what it currently sees in the `extra` field of a context message it adds to each LLM request:
 * real LLMs read the message text, a brain without a model (echo) reads this structured copy so
 * it can answer "what is on my screen?".
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

/**
 * What findVisionContext reads of an LLM request: its items, of which messages carry `extra`.
 * Structural, so this package needs no agents framework (the framework's llm.ChatContext fits).
 */
export interface ChatItemsLike {
  readonly items: readonly object[];
}

/** The newest vision context in the request, or null when the agent sees nothing. */
export function findVisionContext(chatCtx: ChatItemsLike): VisionContext | null {
  for (let index = chatCtx.items.length - 1; index >= 0; index -= 1) {
    const item = chatCtx.items[index];
    if (item === undefined || !('type' in item) || item.type !== 'message' || !('extra' in item)) continue;
    const extra = item.extra;
    if (typeof extra !== 'object' || extra === null || !(VISION_CONTEXT_KEY in extra)) continue;
    const parsed = visionContextSchema.safeParse((extra as Record<string, unknown>)[VISION_CONTEXT_KEY]);
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
