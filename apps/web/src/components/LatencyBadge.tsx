import type { TurnMetrics } from '@parley/protocol';

interface LatencyBadgeProps {
  turns: readonly TurnMetrics[];
}

/** The latest turn's end-to-end latency as reported by the agent; the waterfall shows the breakdown. */
export function LatencyBadge({ turns }: LatencyBadgeProps) {
  const last = turns.at(-1);
  if (!last || last.endToEndMs === null) return null;
  return (
    <div className="status-pill" data-testid="latency" title="End of your speech to the agent's first audio">
      Last reply in <strong>{Math.round(last.endToEndMs)} ms</strong>
    </div>
  );
}
