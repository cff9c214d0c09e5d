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
