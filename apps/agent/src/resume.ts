import { llm } from '@livekit/agents';
import type { ResumeContext } from '@parley/protocol';

/** Said by a replacement agent as it takes over: the gap is heard, and it stays in the transcript. */
export const RESUME_NOTICE = "Sorry, I dropped out for a moment. I'm back.";

/** The conversation so far, as the replacement agent's starting context; undefined for a fresh start. */
export function resumedChatContext(resume: ResumeContext | null): llm.ChatContext | undefined {
  if (resume === null || resume.history.length === 0) return undefined;
  const chatCtx = llm.ChatContext.empty();
  for (const entry of resume.history) chatCtx.addMessage({ role: entry.role === 'user' ? 'user' : 'assistant', content: entry.text });
  return chatCtx;
}
