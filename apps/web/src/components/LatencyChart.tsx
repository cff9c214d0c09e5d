import type { TurnMetrics } from '@parley/protocol';
import { formatMs } from '../metrics/waterfall';

interface LatencyChartProps {
  turns: readonly TurnMetrics[];
  selectedTurnId?: string;
  onSelect?: (turnId: string) => void;
}

/** Total latency per turn as columns, so slow turns stand out; a column selects its turn. */
export function LatencyChart({ turns, selectedTurnId, onSelect }: LatencyChartProps) {
  const reported = turns.filter((turn) => turn.endToEndMs !== null);
  if (reported.length === 0) return <p className="muted small">No turn latency recorded.</p>;
  const max = Math.max(...reported.map((turn) => turn.endToEndMs ?? 0), 1);
  return (
    <div className="latency-chart" data-testid="latency-chart" role="list" aria-label="Total latency per turn">
      {turns.map((turn, index) => {
        const ms = turn.endToEndMs;
        const label = `Turn ${index + 1}: ${formatMs(ms)}`;
        return (
          <button
            type="button"
            role="listitem"
            key={turn.turnId}
            className="latency-chart-column"
            data-testid="latency-chart-bar"
            aria-label={label}
            aria-current={turn.turnId === selectedTurnId ? 'true' : undefined}
            title={label}
            disabled={!onSelect}
            onClick={() => onSelect?.(turn.turnId)}
          >
            <span className="latency-chart-bar" style={{ height: `${Math.max(4, ((ms ?? 0) / max) * 100)}%` }} />
          </button>
        );
      })}
    </div>
  );
}
