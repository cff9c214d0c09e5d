import type { VisionContext, VisionQuestion } from '@parley/protocol';

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
