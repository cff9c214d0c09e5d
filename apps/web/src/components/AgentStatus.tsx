import { useEffect, useState } from 'react';
import type { AgentState } from '@livekit/components-react';

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

/** How long to wait for an agent before suggesting the deployment may be missing one. */
const AGENT_JOIN_HINT_MS = 15_000;

interface AgentStatusProps {
  state: AgentState;
  agentPresent: boolean;
}

/** The agent's `lk.agent.state`; the `agent-state` hook holds the raw state string. */
export function AgentStatus({ state, agentPresent }: AgentStatusProps) {
  const [slow, setSlow] = useState(false);

  useEffect(() => {
    if (agentPresent) {
      setSlow(false);
      return;
    }
    const timer = window.setTimeout(() => setSlow(true), AGENT_JOIN_HINT_MS);
    return () => window.clearTimeout(timer);
  }, [agentPresent]);

  return (
    <div className="agent-status" data-state={state}>
      <div className="agent-status-line">
        <span className="visually-hidden">Agent state: </span>
        <span className="agent-state-badge" data-testid="agent-state">
          {state}
        </span>
        <span className="agent-state-description">{DESCRIPTIONS[state] ?? state}</span>
      </div>
      {slow && !agentPresent && (
        <p className="hint" data-testid="agent-missing-hint">
          The agent has not joined yet. Check that an agent worker is running (see /api/health).
        </p>
      )}
    </div>
  );
}
