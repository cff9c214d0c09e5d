import type { HistoryProblem } from '../api/sessions';

export function HistoryProblemView({ problem, onRetry }: { problem: HistoryProblem; onRetry: () => void }) {
  const text =
    problem.kind === 'not-available'
      ? 'This server does not keep session history yet. Past conversations will be listed here once it does.'
      : problem.kind === 'not-found'
        ? 'That session was not found. It may have been removed.'
        : `Could not load the session history: ${problem.message}`;
  return (
    <div className={problem.kind === 'failed' ? 'error-message' : 'notice'} role={problem.kind === 'failed' ? 'alert' : 'status'} data-testid="history-problem" data-problem={problem.kind}>
      <span>{text}</span>
      {problem.kind !== 'not-found' && (
        <button type="button" className="link-button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
