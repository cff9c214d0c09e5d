import { useEffect, useState } from 'react';
import type { HealthResponse } from '@parley/protocol';
import { ApiRequestError, fetchHealth } from '../api/client';

type HealthView = { kind: 'loading' } | { kind: 'ok'; health: HealthResponse } | { kind: 'failed'; message: string };

function summary(health: HealthResponse): { tone: 'ok' | 'warn'; text: string } {
  if (!health.livekit.reachable) {
    return { tone: 'warn', text: `LiveKit server not reachable${health.livekit.error ? `: ${health.livekit.error}` : ''}` };
  }
  if (!health.agent.registered) {
    return { tone: 'warn', text: `No agent worker registered${health.agent.error ? `: ${health.agent.error}` : ''}` };
  }
  const workers = health.agent.workers;
  return { tone: 'ok', text: `Ready: LiveKit reachable, ${workers} agent worker${workers === 1 ? '' : 's'}` };
}

/** A one-line, informational readout of `GET /api/health` on the start screen. */
export function HealthNotice() {
  const [view, setView] = useState<HealthView>({ kind: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    fetchHealth(controller.signal)
      .then((health) => setView({ kind: 'ok', health }))
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        const message = error instanceof ApiRequestError ? error.message : 'Could not check the server status.';
        setView({ kind: 'failed', message });
      });
    return () => controller.abort();
  }, []);

  if (view.kind === 'loading') {
    return (
      <p className="health health-loading" data-testid="health-status" data-health="loading">
        Checking server status…
      </p>
    );
  }
  if (view.kind === 'failed') {
    return (
      <p className="health health-warn" data-testid="health-status" data-health="unreachable">
        {view.message}
      </p>
    );
  }
  const { tone, text } = summary(view.health);
  return (
    <p className={`health health-${tone}`} data-testid="health-status" data-health={view.health.status}>
      {text}
    </p>
  );
}
