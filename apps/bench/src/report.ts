import { replyStartMs, type TurnMetrics } from '@parley/protocol';
import type { TurnResult } from './conversation.js';
import type { CutInReport } from './cut-in.js';
import type { ResourceUsage } from './process-sampler.js';
import { distribution, type Distribution } from './stats.js';

export interface StageBreakdown {
  voiceToVoice: Distribution;
  endOfUtterance: Distribution;
  transcription: Distribution;
  llmFirstToken: Distribution;
  ttsFirstByte: Distribution;
  /** Agent-measured end of speech → first audio out of the agent. */
  agentEndToEnd: Distribution;
  /** LLM first token + TTS first byte not hidden behind the turn detector's wait (0 when prepared in time). */
  replyAfterCommit: Distribution;
  /** voice-to-voice − the model stages on the critical path (criticalModelPathMs): transport, queues, glue. */
  overhead: Distribution;
  /** The user's last loud sample → the end of speech the agent's VAD dates (uplink, jitter buffer, VAD). */
  inputLag: Distribution;
  /** The agent's first audio frame out → the first loud frame the user hears (leading silence, downlink, jitter buffer). */
  outputLag: Distribution;
  /** Turns whose turn detector waited longer than the configured minimum by ≥ 1 s (the slow-tail cause). */
  longEndpointingTurns: number;
}

function values(turns: TurnResult[], pick: (turn: TurnResult) => number | null | undefined): number[] {
  return turns.map(pick).filter((value): value is number => typeof value === 'number' && Number.isFinite(value)).map(Math.round);
}

/**
 * The model stages' share of a turn: until the first byte of the reply's voice, counted from
 * when its LLM call started (at the commit, or earlier when the reply was prepared during the
 * wait), and never less than the turn detector's wait.
 */
export function criticalModelPathMs(metrics: TurnMetrics): number | null {
  const { endOfUtteranceMs, llmFirstTokenMs, ttsFirstByteMs } = metrics;
  if (endOfUtteranceMs === null || llmFirstTokenMs === null || ttsFirstByteMs === null) return null;
  return Math.max(endOfUtteranceMs, replyStartMs(metrics) + llmFirstTokenMs + ttsFirstByteMs);
}

export function breakdown(turns: TurnResult[], minEndpointingMs: number): StageBreakdown {
  const ok = turns.filter((turn) => turn.voiceToVoiceMs !== null);
  return {
    voiceToVoice: distribution(values(ok, (turn) => turn.voiceToVoiceMs)),
    endOfUtterance: distribution(values(ok, (turn) => turn.metrics?.endOfUtteranceMs)),
    transcription: distribution(values(ok, (turn) => turn.metrics?.transcriptionMs)),
    llmFirstToken: distribution(values(ok, (turn) => turn.metrics?.llmFirstTokenMs)),
    ttsFirstByte: distribution(values(ok, (turn) => turn.metrics?.ttsFirstByteMs)),
    agentEndToEnd: distribution(values(ok, (turn) => turn.metrics?.endToEndMs)),
    replyAfterCommit: distribution(values(ok, (turn) => {
      const path = turn.metrics ? criticalModelPathMs(turn.metrics) : null;
      return path === null || turn.metrics?.endOfUtteranceMs == null ? null : Math.max(0, path - turn.metrics.endOfUtteranceMs);
    })),
    overhead: distribution(values(ok, (turn) => {
      const path = turn.metrics ? criticalModelPathMs(turn.metrics) : null;
      return path === null || turn.voiceToVoiceMs === null ? null : turn.voiceToVoiceMs - path;
    })),
    inputLag: distribution(values(ok, (turn) => (turn.metrics && turn.speechEndAt !== null ? turn.metrics.userSpeechEndedAt - turn.speechEndAt : null))),
    outputLag: distribution(values(ok, (turn) => {
      const metrics = turn.metrics;
      if (!metrics || metrics.endToEndMs === null || turn.replyAt === null) return null;
      return turn.replyAt - (metrics.userSpeechEndedAt + metrics.endToEndMs);
    })),
    longEndpointingTurns: ok.filter((turn) => (turn.metrics?.endOfUtteranceMs ?? 0) >= minEndpointingMs + 1000).length,
  };
}

export interface SweepLevel {
  conversations: number;
  turnsCompleted: number;
  turnsFailed: number;
  latency: StageBreakdown;
  agentTree: ResourceUsage;
  /** (peak RSS at this level − idle RSS) / conversations. */
  memoryPerConversationMb: number;
  cpuCoresPerConversation: number;
  degraded: boolean;
  degradedReason: string | null;
}

export interface BenchReport {
  label: string;
  startedAt: string;
  machine: { cpus: number; memoryGb: number; kernel: string; node: string };
  stackEnv: Record<string, string>;
  turnsRequested: number;
  single: { turns: TurnResult[]; latency: StageBreakdown; failed: number; agentTree: ResourceUsage };
  idleAgentTree: ResourceUsage;
  /** Tone bursts between two plain participants through the same LiveKit: the transport's floor. */
  transportOneWay: Distribution;
  sweep: SweepLevel[];
  /** Barge-in: words, coughs and acknowledgements over the agent's replies (none with --cut-ins 0). */
  cutIns: CutInReport | null;
  /** What the user said: Festival's command set or the recordings of real people. */
  speech: 'festival' | 'human';
  degradeRule: string;
  targets: Record<string, string>;
}
