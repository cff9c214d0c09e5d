import { fetchSessions, type SessionSummary } from '../api/sessions';
import { historyHref } from '../router/useHashRoute';
import { formatMs } from '../metrics/waterfall';
import { formatDateTime, formatDuration } from './format';
import { HistoryProblemView } from './HistoryProblemView';
import { useApiResource } from './useApiResource';

function SessionRow({ session }: { session: SessionSummary }) {
  return (
    <li className="session-row" data-testid="history-session" data-session-id={session.id} data-room={session.room} data-status={session.status}>
      <a href={historyHref(session.id)} className="session-link">
        <span className="session-room">{session.room}</span>
        <span className="session-meta">
          {formatDateTime(session.startedAt)} · {formatDuration(session.startedAt, session.endedAt)} · {session.turnCount}{' '}
          {session.turnCount === 1 ? 'turn' : 'turns'}
        </span>
        <span className="session-latency">
          {session.latency ? `p50 ${formatMs(session.latency.p50Ms)} · p95 ${formatMs(session.latency.p95Ms)}` : 'no latency yet'}
        </span>
        <span className={`session-status status-${session.status}`}>{session.status === 'active' ? 'Live' : 'Ended'}</span>
      </a>
    </li>
  );
}

/** `#/history`: past and running sessions, newest first, from `GET /api/sessions`. */
export function HistoryPage() {
  const { resource, reload } = useApiResource((signal) => fetchSessions(signal), 'sessions');
  return (
    <section className="history" aria-labelledby="history-heading" data-testid="history-page">
      <div className="history-heading-row">
        <h2 id="history-heading">Past sessions</h2>
        <button type="button" className="secondary small-button" onClick={reload} data-testid="history-refresh">
          Refresh
        </button>
      </div>
      {resource.kind === 'loading' && <p className="muted">Loading…</p>}
      {resource.kind === 'problem' && <HistoryProblemView problem={resource.problem} onRetry={reload} />}
      {resource.kind === 'ready' &&
        (resource.value.length === 0 ? (
          <p className="muted" data-testid="history-empty">
            No sessions yet. Start a conversation and it will appear here.
          </p>
        ) : (
          <ol className="session-list">
            {resource.value.map((session) => (
              <SessionRow key={session.id} session={session} />
            ))}
          </ol>
        ))}
    </section>
  );
}
