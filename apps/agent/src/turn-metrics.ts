import type { llm } from '@livekit/agents';
import type { TurnMetrics } from '@parley/protocol';

type MetricsReport = llm.ChatMessage['metrics'];

const secondsToMs = (seconds: number | undefined): number | null =>
  seconds === undefined ? null : Math.round(seconds * 1000);

/**
 * Pairs each user turn's metrics with the assistant reply that answered it.
 * The framework reports delays in seconds on chat messages; the UI and store want milliseconds.
 */
export class TurnMetricsTracker {
  #lastUser: { id: string; metrics: MetricsReport } | null = null;

  /** Returns the finished turn's metrics when `message` is an assistant reply to a tracked user turn. */
  observe(message: llm.ChatMessage): TurnMetrics | null {
    if (message.role === 'user') {
      this.#lastUser = { id: message.id, metrics: message.metrics };
      return null;
    }
    if (message.role !== 'assistant' || this.#lastUser === null) return null;
    const user = this.#lastUser;
    this.#lastUser = null;
    const stoppedAt = user.metrics.stoppedSpeakingAt;
    return {
      turnId: user.id,
      userSpeechEndedAt: stoppedAt === undefined ? Date.now() : Math.round(stoppedAt * 1000),
      endOfUtteranceMs: secondsToMs(user.metrics.endOfTurnDelay),
      transcriptionMs: secondsToMs(user.metrics.transcriptionDelay),
      llmFirstTokenMs: secondsToMs(message.metrics.llmNodeTtft),
      ttsFirstByteMs: secondsToMs(message.metrics.ttsNodeTtfb),
      endToEndMs: secondsToMs(message.metrics.e2eLatency),
    };
  }
}
