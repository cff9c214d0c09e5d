import { describe, expect, it } from 'vitest';
import type { TurnMetrics } from '@parley/protocol';
import { formatMs, isTurnComplete, timelineEndMs, waterfallStages } from './waterfall';

const turn: TurnMetrics = {
  turnId: 't1',
  userSpeechEndedAt: 0,
  endOfUtteranceMs: 500,
  transcriptionMs: 300,
  llmFirstTokenMs: 20,
  ttsFirstByteMs: 200,
  endToEndMs: 760,
};

describe('waterfallStages', () => {
  it('places LLM after the turn is committed and TTS after the first token', () => {
    const stages = Object.fromEntries(waterfallStages(turn).map((s) => [s.name, s]));
    expect(stages.eou).toMatchObject({ startMs: 0, durationMs: 500 });
    expect(stages.stt).toMatchObject({ startMs: 0, durationMs: 300 });
    expect(stages.llm).toMatchObject({ startMs: 500, durationMs: 20 });
    expect(stages.tts).toMatchObject({ startMs: 520, durationMs: 200 });
    expect(stages.total).toMatchObject({ startMs: 0, durationMs: 760 });
    expect(timelineEndMs(waterfallStages(turn))).toBe(760);
    expect(isTurnComplete(turn)).toBe(true);
  });

  it('starts a reply prepared during the wait at the final transcript', () => {
    // transcript at 350, LLM 5, TTS 110: ready at 465, before the commit at 500; answered at 505.
    const early = { ...turn, transcriptionMs: 350, llmFirstTokenMs: 5, ttsFirstByteMs: 110, endToEndMs: 505 };
    const stages = Object.fromEntries(waterfallStages(early).map((s) => [s.name, s]));
    expect(stages.llm).toMatchObject({ startMs: 350, durationMs: 5 });
    expect(stages.tts).toMatchObject({ startMs: 355, durationMs: 110 });
    expect(timelineEndMs(waterfallStages(early))).toBe(505);
  });

  it('keeps unreported stages empty', () => {
    const partial = { ...turn, llmFirstTokenMs: null, endToEndMs: null };
    const stages = Object.fromEntries(waterfallStages(partial).map((s) => [s.name, s]));
    expect(stages.llm).toMatchObject({ startMs: null, durationMs: null });
    expect(stages.tts).toMatchObject({ startMs: 500, durationMs: 200 });
    expect(isTurnComplete(partial)).toBe(false);
  });

  it('formats durations', () => {
    expect(formatMs(null)).toBe('—');
    expect(formatMs(123.4)).toBe('123 ms');
    expect(formatMs(12_345)).toBe('12.3 s');
  });
});
