import { voice, type log } from '@livekit/agents';

type Logger = ReturnType<typeof log>;

export const APOLOGY = "Sorry, I couldn't come up with an answer just now. Please try again in a moment.";

/**
 * Keeps a failing provider from leaving a silent room: every session error is logged, and when the
 * language model gives up on a turn the agent says so out loud (the local TTS still works). The
 * framework only closes a session after several failures in a row with nothing spoken between,
 * and the apology counts as speech.
 */
export function apologizeOnLanguageModelFailure(session: voice.AgentSession, logger: Logger): void {
  session.on(voice.AgentSessionEventTypes.Error, (event) => {
    const { error } = event;
    const recoverable = 'recoverable' in error ? error.recoverable : false;
    logger.error({ type: error.type, recoverable, source: event.source?.constructor?.name, error: String('error' in error ? error.error : error) }, 'provider error');
    if (error.type !== 'llm_error' || recoverable) return;
    try {
      session.say(APOLOGY, { allowInterruptions: true });
    } catch (sayError) {
      logger.warn({ error: String(sayError) }, 'could not speak the apology');
    }
  });
}
