import { voice } from '@livekit/agents';

/** Words a finished sentence does not end on: articles, conjunctions, possessives, fillers. */
const DANGLING_WORDS = new Set(['a', 'an', 'the', 'and', 'or', 'but', 'because', 'if', 'my', 'your', 'our', 'their', 'its', 'um', 'uh', 'er', 'erm', 'hmm']);
/** Words a statement does not end on, though a question may ("Where are you from?"). */
const DANGLING_IN_STATEMENTS = new Set(['to', 'of', 'for', 'with', 'in', 'on', 'at', 'from', 'by', 'about', 'into', 'than', 'as']);
const CLOSING_MARKS = /["')\]]+$/;

/** How a final transcript ends (see classifyTranscriptEnd). */
export type TranscriptEnd = 'question' | 'sentence' | 'trailing' | 'unclear';

/**
 * How a final transcript ends: 'question' when it ends on a question mark (transcribers write one
 * only when the words form a question) and 'sentence' on other terminal punctuation (Whisper,
 * Deepgram and OpenAI transcripts carry it), both on a word a sentence may end with; 'trailing'
 * when it stops on a comma, an ellipsis, or a word that needs more after it ("set a timer for",
 * "um"); 'unclear' otherwise (no punctuation, as PocketSphinx writes).
 */
export function classifyTranscriptEnd(transcript: string): TranscriptEnd {
  const text = transcript.trim().replace(CLOSING_MARKS, '');
  if (text === '') return 'unclear';
  if (/(,|\.\.\.|…|-)$/.test(text)) return 'trailing';
  const lastWord = text.replace(/[.?!]+$/, '').split(/\s+/).at(-1)?.toLowerCase().replace(/^[^a-z0-9']+/, '') ?? '';
  if (DANGLING_WORDS.has(lastWord) || (DANGLING_IN_STATEMENTS.has(lastWord) && !text.endsWith('?'))) return 'trailing';
  if (lastWord === '' || !/[.?!]$/.test(text)) return 'unclear';
  return text.endsWith('?') ? 'question' : 'sentence';
}

export interface EndpointingDelays {
  minDelayMs: number;
  maxDelayMs: number;
}

export interface TranscriptEndpointingOptions {
  /** The session's configured delays, used while the transcript gives no clear sign. */
  base: EndpointingDelays;
  /**
   * The wait once the transcript ends a sentence and the audio turn detector also calls the turn
   * finished (≤ the minimum). When the detector calls it unfinished the framework waits the
   * maximum instead, so this applies only when the two agree.
   */
  sentenceEndMinDelayMs?: number;
  /** The longest wait once the transcript ends a sentence (≥ the minimum). */
  sentenceEndMaxDelayMs: number;
  /** The longest wait once the transcript ends a question (≥ the minimum); the sentence's when absent. */
  questionEndMaxDelayMs?: number;
  /** The shortest wait while the transcript trails off (≤ the maximum). */
  trailingMinDelayMs: number;
  onChange?: (delays: EndpointingDelays, end: TranscriptEnd) => void;
}

/** The delays the turn detector should use after a final transcript that ends this way. */
export function delaysFor(end: TranscriptEnd, options: TranscriptEndpointingOptions): EndpointingDelays {
  if (end === 'sentence' || end === 'question') {
    const minDelayMs = Math.min(options.base.minDelayMs, options.sentenceEndMinDelayMs ?? options.base.minDelayMs);
    const maxDelayMs = end === 'question' ? (options.questionEndMaxDelayMs ?? options.sentenceEndMaxDelayMs) : options.sentenceEndMaxDelayMs;
    return { minDelayMs, maxDelayMs: Math.max(options.base.minDelayMs, maxDelayMs) };
  }
  if (end === 'trailing') return { minDelayMs: Math.min(options.base.maxDelayMs, Math.max(options.base.minDelayMs, options.trailingMinDelayMs)), maxDelayMs: options.base.maxDelayMs };
  return options.base;
}

/** Only what the handler changes on the session: its endpointing delays. */
export type EndpointingTarget = Pick<voice.AgentSession, 'updateOptions'>;

/**
 * The transcript's word on the audio turn detector. The v1-mini model judges the end of a turn
 * from the last 1.2 s of audio alone: when it calls a turn unfinished the session waits the full
 * maximum delay (3 s), and when it calls a pause mid-sentence finished it answers after the
 * minimum (0.5 s), cutting the user off. A final transcript that ends a sentence caps the wait
 * at `sentenceEndMaxDelayMs`, and one that ends a question at `questionEndMaxDelayMs`: a flat
 * voice reads as unfinished to the detector, and people seldom go on after a whole question (if
 * they do, they barge in on the answer, which then hears both). One that trails off holds the turn open for at least
 * `trailingMinDelayMs`. The framework reads the delays when it decides on the turn, after the
 * final transcript's event, so setting them on each final applies them to that final's turn.
 * Returns the handler of the session's UserInputTranscribed events (conversation-pipeline.ts attaches it).
 */
export function transcriptEndpointing(session: EndpointingTarget, options: TranscriptEndpointingOptions): (event: voice.UserInputTranscribedEvent) => void {
  let current = options.base;
  return (event) => {
    if (!event.isFinal) return;
    const end = classifyTranscriptEnd(event.transcript);
    const next = delaysFor(end, options);
    if (next.minDelayMs === current.minDelayMs && next.maxDelayMs === current.maxDelayMs) return;
    current = next;
    session.updateOptions({ turnHandling: { endpointing: { minDelay: next.minDelayMs, maxDelay: next.maxDelayMs } } });
    options.onChange?.(next, end);
  };
}

/** The agent's turn settings as endpointing options; null when both adjustments are off (the settings' 0). */
export function transcriptEndpointingOptions(turn: {
  minEndpointingDelayMs: number;
  maxEndpointingDelayMs: number;
  sentenceEndMinDelayMs: number;
  sentenceEndMaxDelayMs: number;
  questionEndMaxDelayMs: number;
  trailingMinDelayMs: number;
}): TranscriptEndpointingOptions | null {
  const { minEndpointingDelayMs, maxEndpointingDelayMs, sentenceEndMinDelayMs, sentenceEndMaxDelayMs, questionEndMaxDelayMs, trailingMinDelayMs } = turn;
  const capsNothing = sentenceEndMaxDelayMs >= maxEndpointingDelayMs && questionEndMaxDelayMs >= maxEndpointingDelayMs;
  if (sentenceEndMinDelayMs >= minEndpointingDelayMs && capsNothing && trailingMinDelayMs <= minEndpointingDelayMs) return null;
  return { base: { minDelayMs: minEndpointingDelayMs, maxDelayMs: maxEndpointingDelayMs }, sentenceEndMinDelayMs, sentenceEndMaxDelayMs, questionEndMaxDelayMs, trailingMinDelayMs };
}
