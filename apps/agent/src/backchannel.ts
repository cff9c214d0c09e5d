import { stt } from '@livekit/agents';

/**
 * Words people say to show they are listening, not to take the turn. Only these, and at most
 * three of them: "no", "stop", "wait" and anything longer than an acknowledgement are requests.
 */
const BACKCHANNEL_WORDS = new Set(['mm', 'mmm', 'hm', 'hmm', 'mhm', 'mm-hmm', 'mm-hm', 'uh-huh', 'uh', 'huh', 'yeah', 'yes', 'yep', 'yup', 'okay', 'ok', 'right', 'sure', 'alright', 'aha', 'ah', 'oh', 'cool', 'i', 'see', 'got', 'it']);
const MAX_BACKCHANNEL_WORDS = 3;
/** Phrases from the word list that are acknowledgements as a whole ("I see", "got it"). */
const PHRASE_ONLY_WORDS = new Set(['i', 'see', 'got', 'it']);

/** Whether a transcript is only an acknowledgement ("Mm-hmm.", "yeah, yeah", "I see"). */
export function isBackchannel(transcript: string): boolean {
  const words = transcript
    .toLowerCase()
    .replace(/[^a-z' -]/g, ' ')
    .split(/\s+/)
    .filter((word) => word !== '' && word !== '-');
  if (words.length === 0 || words.length > MAX_BACKCHANNEL_WORDS) return false;
  if (!words.every((word) => BACKCHANNEL_WORDS.has(word))) return false;
  const text = words.join(' ');
  // "i", "see", "got", "it" count only inside "i see" / "got it".
  const rest = text.replace(/\bi see\b/g, '').replace(/\bgot it\b/g, '').split(/\s+/).filter(Boolean);
  return rest.every((word) => !PHRASE_ONLY_WORDS.has(word));
}

/**
 * Drops acknowledgements the user makes while the agent is talking ("mm-hmm", "yeah"). The
 * framework pauses the agent's voice as soon as the user makes a sound (barge-in) and resumes it
 * when no transcript follows; an acknowledgement's transcript would otherwise end the agent's
 * turn. Said while the agent is quiet, the same words are an answer and pass through.
 */
export class BackchannelFilter {
  /** Whether the utterance in progress began while the agent was speaking. */
  #overAgent = false;
  dropped = 0;

  constructor(private readonly agentSpeaking: () => boolean) {}

  /** Whether to pass the event on to the session. */
  admit(event: stt.SpeechEvent): boolean {
    if (event.type === stt.SpeechEventType.START_OF_SPEECH) {
      this.#overAgent = this.agentSpeaking();
      return true;
    }
    if (event.type !== stt.SpeechEventType.FINAL_TRANSCRIPT && event.type !== stt.SpeechEventType.INTERIM_TRANSCRIPT && event.type !== stt.SpeechEventType.PREFLIGHT_TRANSCRIPT) return true;
    if (!this.#overAgent) return true;
    const text = event.alternatives?.[0]?.text ?? '';
    if (!isBackchannel(text)) {
      // Real words: from here on this utterance is the user taking the turn.
      if (text.trim() !== '') this.#overAgent = false;
      return true;
    }
    if (event.type === stt.SpeechEventType.FINAL_TRANSCRIPT) this.dropped += 1;
    return false;
  }
}
