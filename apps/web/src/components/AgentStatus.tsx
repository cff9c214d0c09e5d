import { useEffect, useState } from 'react';
import type { AgentState } from '@livekit/components-react';
import type { SessionQueueResponse } from '@parley/protocol';
import { describeEnd, describeWait } from '../queue/queue';

const DESCRIPTIONS: Partial<Record<AgentState, string>> = {
  disconnected: 'Not connected',
  connecting: 'Waiting for the agent to join…',
  'pre-connect-buffering': 'Agent is joining…',
  initializing: 'Agent is starting up…',
  idle: 'Agent is idle',
  listening: 'Listening',
  thinking: 'Thinking…',
  speaking: 'Speaking',
  failed: 'Agent failed',
};

interface AgentStatusProps {
  state: AgentState;
  agentPresent: boolean;
  /** No agent after this long counts as "agent unavailable". */
  agentWaitMs: number;
  /** Where the session stands in the API's dispatch queue (polled while no agent is present). */
  queue: SessionQueueResponse | null;
  /** Asks the API to dispatch the agent again. */
  onAskAgain: () => Promise<void>;
}

/** The agent's `lk.agent.state`; the `agent-state` hook holds the raw state string. */
export function AgentStatus({ state, agentPresent, agentWaitMs, queue, onAskAgain }: AgentStatusProps) {
  const [missing, setMissing] = useState(false);
  const [asking, setAsking] = useState(false);
  const [askError, setAskError] = useState<string | null>(null);
  // Bumped after "ask again" so the wait starts over.
  const [waitRound, setWaitRound] = useState(0);

  const wait = agentPresent ? null : describeWait(queue?.queue ?? null);
  // Waiting for a busy agent is explained by the queue notice; with no agent worker up at all, the
  // "agent unavailable" notice still comes (the place in the queue is kept).
  const waiting = wait !== null && queue?.queue?.agentsUp !== false;
  // Ended before any agent came (waited too long): say why instead of waiting for the timer.
  const endedWithoutAgent = agentPresent ? null : describeEnd(queue, queue?.queue?.maxWaitMs ?? null);

  useEffect(() => {
    // While the session waits its turn, the page knows why no agent is here: the timer starts when the wait ends.
    if (agentPresent || waiting) {
      setMissing(false);
      return;
    }
    const timer = window.setTimeout(() => setMissing(true), agentWaitMs);
    return () => window.clearTimeout(timer);
  }, [agentPresent, agentWaitMs, waitRound, waiting]);

  const askAgain = async () => {
    setAsking(true);
    setAskError(null);
    try {
      await onAskAgain();
      setMissing(false);
      setWaitRound((n) => n + 1);
    } catch (error) {
      setAskError(error instanceof Error ? error.message : String(error));
    } finally {
      setAsking(false);
    }
  };

  return (
    <div className="agent-status" data-state={state}>
      <div className="agent-status-line">
        <span className="visually-hidden">Agent state: </span>
        <span className="agent-state-badge" data-testid="agent-state">
          {state}
        </span>
        <span className="agent-state-description">{DESCRIPTIONS[state] ?? state}</span>
      </div>
      {wait && (
        <div className="agent-queue" role="status" data-testid="agent-queue" data-position={queue?.queue?.position}>
          <p>
            <strong data-testid="queue-headline">{wait.headline}</strong>
          </p>
          <p className="small" data-testid="queue-detail">
            {wait.detail}
          </p>
        </div>
      )}
      {!waiting && (missing || endedWithoutAgent !== null) && !agentPresent && (
        <div className="agent-unavailable" role="alert" data-testid="agent-unavailable">
          <p>
            <strong>The agent is unavailable.</strong>{' '}
            {endedWithoutAgent ?? `No agent joined within ${Math.round(agentWaitMs / 1000)} s; the agent service may be down or busy.`}
          </p>
          <button type="button" className="secondary" data-testid="agent-retry-button" disabled={asking} onClick={() => void askAgain()}>
            {asking ? 'Asking…' : 'Ask for an agent again'}
          </button>
          {askError && <p className="small">Could not ask again: {askError}</p>}
        </div>
      )}
    </div>
  );
}
