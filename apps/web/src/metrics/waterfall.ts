import { replyStartMs, type TurnMetrics } from '@parley/protocol';

export type StageName = 'eou' | 'stt' | 'llm' | 'tts' | 'total';

export interface WaterfallStage {
  name: StageName;
  label: string;
  /** Start and length on the turn's timeline, ms after the user stopped speaking; null when not reported. */
  startMs: number | null;
  durationMs: number | null;
}

export const STAGE_LABELS: Record<StageName, string> = {
  eou: 'End of utterance',
  stt: 'Speech to text',
  llm: 'LLM first token',
  tts: 'TTS first byte',
  total: 'Total',
};

/**
 * Lays one turn out on a timeline starting when the user stopped speaking: the turn detector's
 * wait and the final transcript run side by side; the LLM starts when the turn is committed,
 * TTS when the first token arrives; "total" is end of speech to the first agent audio. A reply
 * prepared while the turn detector waited (preemptive generation: the agent answered sooner
 * than commit + LLM + TTS) starts at the final transcript instead.
 */
export function waterfallStages(turn: TurnMetrics): WaterfallStage[] {
  const eou = turn.endOfUtteranceMs;
  const replyStart = replyStartMs(turn);
  const llmEnd = turn.llmFirstTokenMs === null ? null : replyStart + turn.llmFirstTokenMs;
  return [
    { name: 'eou', label: STAGE_LABELS.eou, startMs: eou === null ? null : 0, durationMs: eou },
    { name: 'stt', label: STAGE_LABELS.stt, startMs: turn.transcriptionMs === null ? null : 0, durationMs: turn.transcriptionMs },
    { name: 'llm', label: STAGE_LABELS.llm, startMs: turn.llmFirstTokenMs === null ? null : replyStart, durationMs: turn.llmFirstTokenMs },
    {
      name: 'tts',
      label: STAGE_LABELS.tts,
      startMs: turn.ttsFirstByteMs === null ? null : (llmEnd ?? replyStart),
      durationMs: turn.ttsFirstByteMs,
    },
    { name: 'total', label: STAGE_LABELS.total, startMs: turn.endToEndMs === null ? null : 0, durationMs: turn.endToEndMs },
  ];
}

/** The right edge of the timeline: the longest stage end, so every bar fits. */
export function timelineEndMs(stages: readonly WaterfallStage[]): number {
  let end = 0;
  for (const stage of stages) {
    if (stage.startMs !== null && stage.durationMs !== null) end = Math.max(end, stage.startMs + stage.durationMs);
  }
  return end;
}

/** A turn is complete when every stage was reported. */
export function isTurnComplete(turn: TurnMetrics): boolean {
  return [turn.endOfUtteranceMs, turn.transcriptionMs, turn.llmFirstTokenMs, turn.ttsFirstByteMs, turn.endToEndMs].every((v) => v !== null);
}

export function formatMs(ms: number | null): string {
  if (ms === null) return '—';
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}
