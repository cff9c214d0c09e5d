import { HeadlessUser, type ReceivedFrame, SPEECH_RMS_THRESHOLD } from '@parley/test-harness/headless-user';
import { waitFor } from '@parley/test-harness/wait';
import type { TokenIssuer } from './conversation.js';
import { distribution, type Distribution } from './stats.js';

export type CutInKind = 'words' | 'cough' | 'acknowledgement';

export interface CutInTrial {
  kind: CutInKind;
  /** The user's first loud sample → the agent's last loud frame before its voice went quiet. */
  stopMs: number | null;
  /** The agent's voice went quiet (≥ QUIET_GAP_MS) within a second and a half of the cut-in. */
  paused: boolean;
  /** After the pause, the same reply went on without a new user turn: the length of the silence. */
  resumedAfterMs: number | null;
  /** The cut-in became a user turn (a final transcript of it). */
  tookTurn: boolean;
  error?: string;
}

export interface CutInReport {
  trials: CutInTrial[];
  /** Words over the agent: how soon its voice stops. */
  stopOnWords: Distribution;
  /** Coughs and acknowledgements: how many paused the voice, how many then let it go on, and the silence. */
  coughs: { count: number; paused: number; resumed: number; tookTurn: number; silence: Distribution };
  acknowledgements: { count: number; paused: number; resumed: number; tookTurn: number; silence: Distribution };
}

/** A silence in the agent's voice at least this long is a pause, not a gap between words. */
const QUIET_GAP_MS = 350;
const POLL_MS = 10;
/** The framework ignores the user during its first this-many ms of speech (AEC warm-up). */
const AEC_WARMUP_MS = 3000;
/** How far into the agent's reply the user cuts in. */
const CUT_IN_AFTER_MS = 1000;

/** The agent's last loud frame before its first quiet gap after `since`, and the frame that ends that gap (if any). */
export function firstPause(frames: readonly ReceivedFrame[], since: number, gapMs = QUIET_GAP_MS): { stoppedAt: number; resumedAt: number | null } | null {
  let lastLoud: number | null = null;
  for (const frame of frames) {
    if (frame.rms <= SPEECH_RMS_THRESHOLD) continue;
    if (frame.at < since) {
      lastLoud = frame.at;
      continue;
    }
    if (lastLoud !== null && frame.at - lastLoud >= gapMs) return { stoppedAt: lastLoud, resumedAt: frame.at };
    lastLoud = frame.at;
  }
  const end = frames.at(-1)?.at ?? null;
  return lastLoud !== null && end !== null && end - lastLoud >= gapMs ? { stoppedAt: lastLoud, resumedAt: null } : null;
}

function summarizeNonWords(trials: CutInTrial[]): CutInReport['coughs'] {
  return {
    count: trials.length,
    paused: trials.filter((trial) => trial.paused).length,
    resumed: trials.filter((trial) => trial.resumedAfterMs !== null).length,
    tookTurn: trials.filter((trial) => trial.tookTurn).length,
    silence: distribution(trials.map((trial) => trial.resumedAfterMs).filter((value): value is number => value !== null)),
  };
}

export function summarizeCutIns(trials: CutInTrial[]): CutInReport {
  return {
    trials,
    stopOnWords: distribution(trials.filter((trial) => trial.kind === 'words' && trial.stopMs !== null).map((trial) => trial.stopMs ?? 0)),
    coughs: summarizeNonWords(trials.filter((trial) => trial.kind === 'cough')),
    acknowledgements: summarizeNonWords(trials.filter((trial) => trial.kind === 'acknowledgement')),
  };
}

/**
 * Cuts into the agent's replies: each trial asks for a long reply, and a second into it plays
 * words ("wait, stop"), a cough or an acknowledgement ("mm-hmm") over it. Words should stop the
 * voice at once and take the turn; a cough or an acknowledgement may pause it, and it should go
 * on with the same reply.
 */
export async function runCutIns(options: {
  room: string;
  issueToken: TokenIssuer;
  trials: number;
  prompt: Int16Array;
  cutIns: Record<CutInKind, Int16Array>;
  replyTimeoutMs: number;
  onTrial?: (trial: CutInTrial) => void;
}): Promise<CutInTrial[]> {
  const { serverUrl, token } = await options.issueToken(options.room, `bench-${options.room}`);
  const user = await HeadlessUser.join(serverUrl, token);
  const trials: CutInTrial[] = [];
  const kinds: CutInKind[] = ['words', 'cough', 'acknowledgement'];
  const quiet = (): boolean => Date.now() - (user.lastLoudAgentFrame()?.at ?? 0) > 800 && user.agentState() === 'listening';
  try {
    await waitFor('the agent to join and listen', () => user.agentState() === 'listening', 60_000, POLL_MS);
    // The first reply of a conversation cannot be interrupted (AEC warm-up): one exchange first.
    const hello = await user.play(options.prompt);
    const firstReply = await waitFor('the first reply', () => user.firstAgentAudioAfter(hello.speechEndAt), options.replyTimeoutMs, POLL_MS);
    await waitFor('the first reply to end', quiet, options.replyTimeoutMs, POLL_MS);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, firstReply.at + AEC_WARMUP_MS + 300 - Date.now())));
    for (let index = 0; index < options.trials; index += 1) {
      const kind = kinds[index % kinds.length] ?? 'words';
      const trial: CutInTrial = { kind, stopMs: null, paused: false, resumedAfterMs: null, tookTurn: false };
      try {
        const asked = await user.play(options.prompt);
        await waitFor('the long reply', () => user.firstAgentAudioAfter(asked.speechEndAt), options.replyTimeoutMs, POLL_MS);
        await new Promise((resolve) => setTimeout(resolve, CUT_IN_AFTER_MS));
        if (user.agentState() !== 'speaking') throw new Error('the reply ended before the cut-in');
        const userSegmentsBefore = new Set(user.transcriptsOf('user').map((segment) => segment.segmentId));
        const cut = await user.play(options.cutIns[kind]);
        // Long enough for a false-interruption resume (its timer starts at the end of the sound).
        await new Promise((resolve) => setTimeout(resolve, 3500));
        const pause = firstPause(user.agentFrames, cut.speechStartAt);
        trial.paused = pause !== null && pause.stoppedAt - cut.speechStartAt < 1500;
        trial.stopMs = trial.paused && pause ? pause.stoppedAt - cut.speechStartAt : null;
        trial.tookTurn = user.transcriptsOf('user').some((segment) => !userSegmentsBefore.has(segment.segmentId) && segment.final && segment.text.trim() !== '');
        if (trial.paused && pause?.resumedAt != null && !trial.tookTurn) trial.resumedAfterMs = pause.resumedAt - pause.stoppedAt;
        await waitFor('the agent to finish', quiet, options.replyTimeoutMs, POLL_MS);
      } catch (error) {
        trial.error = error instanceof Error ? error.message : String(error);
        await waitFor('the agent to finish', quiet, options.replyTimeoutMs, POLL_MS).catch(() => undefined);
      }
      trials.push(trial);
      options.onTrial?.(trial);
    }
  } finally {
    await user.leave();
  }
  return trials;
}
