import type { LinkState } from '../session/SessionLink';

interface ReconnectBannerProps {
  state: LinkState;
  onRetryNow: () => void;
}

/** A visible notice while the call is being recovered; nothing when connected. */
export function ReconnectBanner({ state, onRetryNow }: ReconnectBannerProps) {
  if (state.kind !== 'reconnecting') return null;
  return (
    <div className="reconnect-banner" role="status" data-testid="reconnect-status" data-by={state.by} data-attempt={state.attempt}>
      <span className="spinner" aria-hidden="true" />
      <span>
        <strong>Reconnecting (attempt {state.attempt})…</strong>{' '}
        {state.by === 'livekit' ? 'The connection dropped; trying to resume the call.' : 'Rejoining the room with a fresh session.'}
        {state.lastError ? <span className="small"> Last try: {state.lastError}</span> : null}
      </span>
      {state.by === 'rejoin' && (
        <button type="button" className="link-button" onClick={onRetryNow}>
          Try now
        </button>
      )}
    </div>
  );
}
