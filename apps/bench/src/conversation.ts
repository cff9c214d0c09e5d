import type { TurnMetrics } from '@parley/protocol';
import { HeadlessUser } from '@parley/test-harness/headless-user';
import { waitFor } from '@parley/test-harness/wait';

export interface TurnResult {
  conversation: number;
  turn: number;
  text: string;
  /** Last loud sample of the user's speech heard → first loud agent audio frame received. */
  voiceToVoiceMs: number | null;
  /** Bench clock (the agent's too: same machine), ms since epoch. */
  speechEndAt: number | null;
  replyAt: number | null;
  metrics: TurnMetrics | null;
  error?: string;
}

export interface TokenIssuer {
  (room: string, identity: string): Promise<{ serverUrl: string; token: string }>;
}

const AGENT_QUIET_MS = 600;
const METRICS_GRACE_MS = 3000;
/** How often the bench looks at what the user heard; times come from the frames themselves. */
const POLL_MS = 10;

/** Joins a room, waits for the agent, then speaks `turns` utterances one after another. */
export async function runConversation(options: {
  conversation: number;
  room: string;
  turns: number;
  utterances: { text: string; samples: Int16Array }[];
  issueToken: TokenIssuer;
  replyTimeoutMs: number;
  onTurn?: (result: TurnResult) => void;
  /** Told how long the agent took to listen, from the token request (dispatch wait). */
  onAgentReady?: (waitMs: number) => void;
}): Promise<TurnResult[]> {
  const requestedAt = Date.now();
  const { serverUrl, token } = await options.issueToken(options.room, `bench-${options.room}`);
  const user = await HeadlessUser.join(serverUrl, token);
  const results: TurnResult[] = [];
  try {
    await waitFor('the agent to join and listen', () => user.agentState() === 'listening', 60_000, POLL_MS);
    options.onAgentReady?.(Date.now() - requestedAt);
    for (let turn = 0; turn < options.turns; turn++) {
      const utterance = options.utterances[turn % options.utterances.length];
      if (!utterance) throw new Error('no utterances');
      const metricsBefore = user.turnMetrics.length;
      const result: TurnResult = { conversation: options.conversation, turn, text: utterance.text, voiceToVoiceMs: null, speechEndAt: null, replyAt: null, metrics: null };
      try {
        const { speechEndAt } = await user.play(utterance.samples);
        const replyAt = await waitFor(`a reply to "${utterance.text}"`, () => user.firstAgentAudioAfter(speechEndAt)?.at, options.replyTimeoutMs, POLL_MS);
        result.voiceToVoiceMs = replyAt - speechEndAt;
        result.speechEndAt = speechEndAt;
        result.replyAt = replyAt;
        await waitFor('turn metrics', () => user.turnMetrics.length > metricsBefore, METRICS_GRACE_MS, POLL_MS).catch(() => undefined);
        result.metrics = user.turnMetrics.length > metricsBefore ? (user.turnMetrics.at(-1) ?? null) : null;
        // Let the reply play out so the next utterance is a new turn, not a barge-in.
        await waitFor('the agent to finish its reply', () => Date.now() - (user.lastLoudAgentFrame()?.at ?? 0) > AGENT_QUIET_MS && user.agentState() === 'listening', options.replyTimeoutMs, POLL_MS);
      } catch (error) {
        result.error = error instanceof Error ? error.message : String(error);
      }
      results.push(result);
      options.onTurn?.(result);
    }
  } finally {
    await user.leave();
  }
  return results;
}
