/** One conversational turn's latency breakdown, published by the agent on TOPIC_TURN_METRICS. */
export interface TurnMetrics {
  turnId: string;
  /** When the user's speech ended, agent clock, ms since epoch. */
  userSpeechEndedAt: number;
  /** Silence the turn detector waited before committing the turn. */
  endOfUtteranceMs: number | null;
  /** From end of speech until the final transcript was available. */
  transcriptionMs: number | null;
  llmFirstTokenMs: number | null;
  ttsFirstByteMs: number | null;
  /** End of user speech to the first agent audio frame leaving the agent. */
  endToEndMs: number | null;
}

/**
 * When the reply's LLM call started, ms after the end of speech: at the commit (the later of
 * the turn detector's wait and the final transcript), or at the final transcript when the reply
 * was prepared during the wait (preemptive generation: the agent answered sooner than commit +
 * LLM + TTS would allow).
 */
export function replyStartMs(turn: TurnMetrics): number {
  const committedAt = Math.max(turn.endOfUtteranceMs ?? 0, turn.transcriptionMs ?? 0);
  const serialEnd = committedAt + (turn.llmFirstTokenMs ?? 0) + (turn.ttsFirstByteMs ?? 0);
  const preparedEarly = turn.transcriptionMs !== null && turn.endToEndMs !== null && turn.endToEndMs < serialEnd;
  return preparedEarly ? (turn.transcriptionMs ?? committedAt) : committedAt;
}
