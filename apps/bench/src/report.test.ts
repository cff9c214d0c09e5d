import { describe, expect, it } from 'vitest';
import { renderChart } from './chart.js';
import type { TurnResult } from './conversation.js';
import { breakdown, criticalModelPathMs, type BenchReport } from './report.js';
import { distribution } from './stats.js';

function turn(voiceToVoiceMs: number | null, endOfUtteranceMs: number, llm = 5, tts = 150): TurnResult {
  return {
    conversation: 0,
    turn: 0,
    text: 'hello',
    voiceToVoiceMs,
    speechEndAt: voiceToVoiceMs === null ? null : 10_000,
    replyAt: voiceToVoiceMs === null ? null : 10_000 + voiceToVoiceMs,
    metrics: { turnId: 't', userSpeechEndedAt: 10_012, endOfUtteranceMs, transcriptionMs: 100, llmFirstTokenMs: llm, ttsFirstByteMs: tts, endToEndMs: (voiceToVoiceMs ?? 0) - 30 },
  };
}

describe('breakdown', () => {
  it('computes percentiles per stage and the overhead left after the model stages', () => {
    const turns = [turn(800, 600), turn(900, 700), turn(3500, 3000), turn(null, 0)];
    const result = breakdown(turns, 500);
    expect(result.voiceToVoice).toEqual({ count: 3, p50: 900, p95: 3500, max: 3500 });
    // 800-600-5-150 = 45, 900-700-5-150 = 45, 3500-3000-5-150 = 345
    expect(result.overhead.p50).toBe(45);
    expect(result.overhead.max).toBe(345);
    expect(result.longEndpointingTurns).toBe(1);
  });

  it('counts overlapping stages once when the reply was prepared while the turn detector waited', () => {
    // commit at 500 ms; transcript 350 + LLM 5 + TTS 110 = 465 ms was ready before it; the agent answered at 510.
    const overlapped: TurnResult = { ...turn(700, 500, 5, 110), metrics: { turnId: 't', userSpeechEndedAt: 10_012, endOfUtteranceMs: 500, transcriptionMs: 350, llmFirstTokenMs: 5, ttsFirstByteMs: 110, endToEndMs: 510 } };
    expect(criticalModelPathMs(overlapped.metrics!)).toBe(500);
    expect(breakdown([overlapped], 500).overhead.p50).toBe(200);
    // Serial stages: the agent's own answer time covers their sum.
    expect(criticalModelPathMs({ ...overlapped.metrics!, endToEndMs: 640 })).toBe(615);
  });

  it('splits what lies outside the agent into the uplink side and the downlink side', () => {
    // speech heard at 10 000, the agent dates its end at 10 012 and sends audio e2e = v2v - 30 later.
    const result = breakdown([turn(800, 600)], 500);
    expect(result.inputLag.p50).toBe(12);
    expect(result.outputLag.p50).toBe(800 - 12 - 770);
  });

  it('treats missing metrics as unknown, not zero', () => {
    const result = breakdown([{ ...turn(700, 500), metrics: null }], 500);
    expect(result.voiceToVoice.count).toBe(1);
    expect(result.overhead.count).toBe(0);
    expect(result.endOfUtterance.p50).toBeNull();
  });
});

describe('renderChart', () => {
  it('draws an SVG with one point per answered turn and one point per sweep level', () => {
    const turns = [turn(800, 600), turn(900, 700)];
    const latency = breakdown(turns, 500);
    const usage = { cpuCores: 0.5, peakRssMb: 400, meanRssMb: 380, samples: 10 };
    const report: BenchReport = {
      label: 'test', startedAt: '2026-01-01T00:00:00Z', machine: { cpus: 2, memoryGb: 24, kernel: 'x', node: 'v20' }, stackEnv: {}, turnsRequested: 2,
      single: { turns, latency, failed: 0, agentTree: usage }, idleAgentTree: usage, transportOneWay: distribution([40, 45]),
      sweep: [1, 2].map((conversations) => ({ conversations, turnsCompleted: 2, turnsFailed: 0, latency: { ...latency, voiceToVoice: distribution([700, 900]) }, agentTree: usage, memoryPerConversationMb: 40, cpuCoresPerConversation: 0.2, degraded: conversations === 2, degradedReason: null })),
      degradeRule: '', targets: {}, cutIns: null, speech: 'festival',
    };
    const svg = renderChart(report);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<circle /g)?.length).toBe(4);
    expect(svg).toContain('target p50 1.0 s');
    expect(svg).toContain('40 MB');
  });
});
