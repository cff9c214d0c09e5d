import { useConnectionState } from '@livekit/components-react';
import { ConnectionState } from 'livekit-client';

const LABELS: Record<ConnectionState, string> = {
  [ConnectionState.Disconnected]: 'Disconnected',
  [ConnectionState.Connecting]: 'Connecting',
  [ConnectionState.Connected]: 'Connected',
  [ConnectionState.Reconnecting]: 'Reconnecting',
  [ConnectionState.SignalReconnecting]: 'Reconnecting',
};

/**
 * LiveKit connection state; the `connection-state` hook holds the raw ConnectionState value.
 * While the session link is recovering it says so, even in the moments the room looks connected.
 */
export function ConnectionStatus({ recovering = false }: { recovering?: boolean }) {
  const roomState = useConnectionState();
  const state = recovering && roomState === ConnectionState.Connected ? ConnectionState.Reconnecting : roomState;
  return (
    <div className="status-pill" data-tone={state === ConnectionState.Connected ? 'ok' : 'warn'} title={LABELS[state]}>
      <span className="dot" aria-hidden="true" />
      <span className="visually-hidden">Connection: </span>
      <span data-testid="connection-state">{state}</span>
    </div>
  );
}
