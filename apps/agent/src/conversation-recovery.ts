import type { log, voice } from '@livekit/agents';

type Logger = ReturnType<typeof log>;

export const APOLOGY = "Sorry, I couldn't come up with an answer just now. Please try again in a moment.";

/**
 * Keeps a failing provider from leaving a silent room: every session error is logged, and when the
 * language model gives up on a turn the agent says so out loud (the local TTS still works). The
 * framework only closes a session after several failures in a row with nothing spoken between,
 * and the apology counts as speech. Returns the handler of the session's Error events
 * (conversation-pipeline.ts attaches it).
 */
export function apologyOnLanguageModelFailure(session: Pick<voice.AgentSession, 'say'>, logger: Logger): (event: voice.ErrorEvent) => void {
  return (event) => {
    const { error } = event;
    const recoverable = 'recoverable' in error ? error.recoverable : false;
    logger.error({ type: error.type, recoverable, source: event.source?.constructor?.name, error: String('error' in error ? error.error : error) }, 'provider error');
    if (error.type !== 'llm_error' || recoverable) return;
    try {
      session.say(APOLOGY, { allowInterruptions: true });
    } catch (sayError) {
      logger.warn({ error: String(sayError) }, 'could not speak the apology');
    }
  };
}
