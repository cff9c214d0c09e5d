const DEFAULT_ACKNOWLEDGEMENT = 'got it.';
const NOTHING_HEARD_REPLY = "Sorry, I didn't catch that.";

/**
 * The echo brain's whole "thinking": repeat what was understood, then acknowledge.
 * Kept pure so its behaviour is unit-testable without the framework.
 */
export function composeEchoReply(userText: string, acknowledgement = DEFAULT_ACKNOWLEDGEMENT): string {
  const understood = userText.replace(/\s+/g, ' ').trim().replace(/[.!?,;:]+$/u, '');
  if (understood.length === 0) return NOTHING_HEARD_REPLY;
  return `${understood}... ${acknowledgement}`;
}
