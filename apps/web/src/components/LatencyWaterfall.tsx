import type { TurnMetrics } from '@parley/protocol';
import { formatMs, isTurnComplete, timelineEndMs, waterfallStages } from '../metrics/waterfall';

interface LatencyWaterfallProps {
  turn: TurnMetrics | undefined;
  /** Shown as "Turn n". */
  turnNumber: number;
  emptyText?: string;
}

/** One turn's latency as bars on a shared timeline from the end of the user's speech. */
export function LatencyWaterfall({ turn, turnNumber, emptyText = 'Latency appears here after your first turn.' }: LatencyWaterfallProps) {
  if (!turn) {
    return (
      <div className="waterfall" data-testid="latency-waterfall" data-turns="0">
        <p className="muted small">{emptyText}</p>
      </div>
    );
  }
  const stages = waterfallStages(turn);
  const end = Math.max(timelineEndMs(stages), 1);
  return (
    <figure
      className="waterfall"
      data-testid="latency-waterfall"
      data-turn-id={turn.turnId}
      data-complete={isTurnComplete(turn) ? 'true' : 'false'}
    >
      <figcaption className="small muted">
        {turn.endOfUtteranceMs === null && turn.transcriptionMs === null
          ? `Turn ${turnNumber} (typed): the agent's reply`
          : `Turn ${turnNumber}: from the end of your speech to the agent's first audio`}
      </figcaption>
      <dl className="waterfall-rows">
        {stages.map((stage) => {
          const reported = stage.startMs !== null && stage.durationMs !== null;
          return (
            <div className="waterfall-row" key={stage.name} data-testid="waterfall-stage" data-stage={stage.name} data-ms={stage.durationMs ?? ''}>
              <dt>{stage.label}</dt>
              <dd>
                <span className="waterfall-track" aria-hidden="true">
                  {reported && (
                    <span
                      className={`waterfall-bar stage-${stage.name}`}
                      style={{
                        left: `${((stage.startMs ?? 0) / end) * 100}%`,
                        width: `max(2px, ${((stage.durationMs ?? 0) / end) * 100}%)`,
                      }}
                    />
                  )}
                </span>
                <span className="waterfall-value">{formatMs(stage.durationMs)}</span>
              </dd>
            </div>
          );
        })}
      </dl>
    </figure>
  );
}
