import { useEffect, useState } from 'react';
import { RoomAudioRenderer, RoomContext, useVoiceAssistant } from '@livekit/components-react';
import { DisconnectReason, RoomEvent } from 'livekit-client';
import type { CallSession } from '../session/startSession';
import { useTranscript } from '../transcript/useTranscript';
import { useTurnMetrics } from '../metrics/useTurnMetrics';
import { AgentStatus } from './AgentStatus';
import { AgentVisualizer } from './AgentVisualizer';
import { AudioPlaybackGate } from './AudioPlaybackGate';
import { ChatComposer } from './ChatComposer';
import { ConnectionStatus } from './ConnectionStatus';
import { ErrorMessage } from './ErrorMessage';
import { LatencyBadge } from './LatencyBadge';
import { MicToggle } from './MicToggle';
import { Transcript } from './Transcript';

interface CallViewProps {
  session: CallSession;
  /** The user pressed Leave. */
  onLeave: () => void;
  /** The call ended without the user asking (server closed it, network gave up). */
  onEnded: (message: string) => void;
}

export function CallView({ session, onLeave, onEnded }: CallViewProps) {
  const { room } = session;

  useEffect(() => {
    const onDisconnected = (reason?: DisconnectReason) => {
      if (session.leaving) return;
      const why = reason === undefined ? 'unknown reason' : (DisconnectReason[reason] ?? String(reason));
      onEnded(`The call ended unexpectedly (${why}).`);
    };
    room.on(RoomEvent.Disconnected, onDisconnected);
    return () => {
      room.off(RoomEvent.Disconnected, onDisconnected);
    };
  }, [room, session, onEnded]);

  return (
    <RoomContext.Provider value={room}>
      <CallLayout session={session} onLeave={onLeave} />
      {/* Attaches every remote audio track (the agent's voice) to a playing <audio> element. */}
      <RoomAudioRenderer />
      <AudioPlaybackGate />
    </RoomContext.Provider>
  );
}

function CallLayout({ session, onLeave }: { session: CallSession; onLeave: () => void }) {
  const { state, audioTrack, agent } = useVoiceAssistant();
  const entries = useTranscript(session.transcript);
  const turns = useTurnMetrics(session.metrics);
  const [error, setError] = useState<string | null>(null);
  const [leaving, setLeaving] = useState(false);

  return (
    <main className="call">
      <header className="call-header">
        <div>
          <h1>Parley</h1>
          <p className="room-name">
            Room <strong data-testid="room-name">{session.roomName}</strong>
          </p>
        </div>
        <div className="call-header-status">
          <LatencyBadge turns={turns} />
          <ConnectionStatus />
        </div>
      </header>

      <section className="agent-panel" aria-label="Agent">
        <AgentVisualizer state={state} audioTrack={audioTrack} />
        <AgentStatus state={state} agentPresent={agent !== undefined} />
      </section>

      <Transcript entries={entries} agentName={agent?.name || 'Agent'} />

      <ErrorMessage message={error} onDismiss={() => setError(null)} />

      <ChatComposer
        onSent={(text) => session.transcript.addTypedMessage(session.identity, text)}
        onError={setError}
      />

      <footer className="call-controls">
        <MicToggle onError={setError} />
        <button
          type="button"
          className="danger"
          data-testid="leave-button"
          disabled={leaving}
          onClick={() => {
            setLeaving(true);
            onLeave();
          }}
        >
          {leaving ? 'Leaving…' : 'Leave'}
        </button>
      </footer>
    </main>
  );
}
