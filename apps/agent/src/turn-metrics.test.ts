import { llm } from '@livekit/agents';
import { describe, expect, it } from 'vitest';
import { TurnMetricsTracker } from './turn-metrics.js';

describe('TurnMetricsTracker', () => {
  it('combines the user turn and the assistant reply into milliseconds', () => {
    const tracker = new TurnMetricsTracker();
    const user = new llm.ChatMessage({
      role: 'user',
      content: 'hello',
      metrics: { stoppedSpeakingAt: 1000.25, endOfTurnDelay: 0.5, transcriptionDelay: 0.12 },
    });
    const assistant = new llm.ChatMessage({
      role: 'assistant',
      content: 'hello... got it.',
      metrics: { llmNodeTtft: 0.001, ttsNodeTtfb: 0.2, e2eLatency: 0.81 },
    });
    expect(tracker.observe(user)).toBeNull();
    expect(tracker.observe(assistant)).toEqual({
      turnId: user.id,
      userSpeechEndedAt: 1000250,
      endOfUtteranceMs: 500,
      transcriptionMs: 120,
      llmFirstTokenMs: 1,
      ttsFirstByteMs: 200,
      endToEndMs: 810,
    });
  });

  it('ignores an assistant message that answers no user turn (a greeting)', () => {
    const tracker = new TurnMetricsTracker();
    expect(tracker.observe(new llm.ChatMessage({ role: 'assistant', content: 'hi' }))).toBeNull();
  });
});
