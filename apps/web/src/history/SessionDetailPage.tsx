import { useState } from 'react';
import { fetchSession } from '../api/sessions';
import { LatencyChart } from '../components/LatencyChart';
import { LatencyWaterfall } from '../components/LatencyWaterfall';
import { formatMs } from '../metrics/waterfall';
import { historyHref } from '../router/useHashRoute';
import { formatDateTime, formatDuration } from './format';
import { HistoryProblemView } from './HistoryProblemView';
import { useApiResource } from './useApiResource';

/** `#/history/{id}`: one session's transcript and per-turn latency, from `GET /api/sessions/{id}`. */
export function SessionDetailPage({ id }: { id: string }) {
  const { resource, reload } = useApiResource((signal) => fetchSession(id, signal), id, 'session');
  const [selectedTurnId, setSelectedTurnId] = useState<string | undefined>(undefined);

  return (
    <section className="history" aria-labelledby="session-heading" data-testid="session-detail" data-session-id={id}>
      <p>
        <a href={historyHref()}>← All sessions</a>
      </p>
      {resource.kind === 'loading' && <p className="muted">Loading…</p>}
      {resource.kind === 'problem' && (
<HistoryProblemView problem={resource.problem} onRetry={reload} />
      )}
      {resource.kind === 'ready' &&
        (() => {
          const session = resource.value;
          const selectedIndex = session.turns.findIndex((turn) => turn.turnId === selectedTurnId);
          const shownIndex = selectedIndex === -1 ? session.turns.length - 1 : selectedIndex;
          return (
            <>
              <h2 id="session-heading">Room {session.room}</h2>
              <p className="muted">
                {formatDateTime(session.startedAt)} · {formatDuration(session.startedAt, session.endedAt)} · {session.turnCount} turns
                {session.latency ? ` · p50 ${formatMs(session.latency.p50Ms)}, p95 ${formatMs(session.latency.p95Ms)}` : ''}
                {session.endReason ? ` · ended: ${session.endReason}` : ''}
              </p>
              <div className="session-detail-grid">
                <section className="panel" aria-labelledby="session-transcript-heading">
                  <h3 id="session-transcript-heading">Transcript</h3>
                  {session.transcript.length === 0 ? (
                    <p className="muted">Nothing was said.</p>
                  ) : (
                    <ol className="history-transcript" data-testid="history-transcript">
                      {session.transcript.map((line, index) => (
                        <li key={index} className="turn" data-speaker={line.role}>
                          <span className="turn-speaker">
                            {line.role === 'user' ? 'You' : 'Agent'}
                            <time className="turn-time" dateTime={line.at}>
                              {' '}
                              {new Date(line.at).toLocaleTimeString()}
                            </time>
                          </span>
                          <p className="turn-text" data-testid="history-line" data-speaker={line.role}>
                            {line.text}
                            {line.interrupted ? <em className="muted"> (interrupted)</em> : null}
                          </p>
                        </li>
                      ))}
                    </ol>
                  )}
                </section>
                <section className="panel" aria-labelledby="session-latency-heading">
                  <h3 id="session-latency-heading">Latency per turn</h3>
                  <LatencyChart
                    turns={session.turns}
                    {...(selectedTurnId === undefined ? {} : { selectedTurnId })}
                    onSelect={(turnId) => setSelectedTurnId(turnId)}
                  />
                  <LatencyWaterfall turn={session.turns[shownIndex]} turnNumber={shownIndex + 1} emptyText="No turns were measured." />
                </section>
              </div>
            </>
          );
        })()}
    </section>
  );
}
