import { useEffect, useState, useSyncExternalStore } from 'react';
import { RoomAudioRenderer, RoomContext, useVoiceAssistant } from '@livekit/components-react';
import type { CallSession } from '../session/startSession';
import { useTranscript } from '../transcript/useTranscript';
import { useTurnMetrics } from '../metrics/useTurnMetrics';
import { useQueueStatus } from '../queue/useQueueStatus';
import { ThemeToggle } from '../theme/ThemeToggle';
import { AgentStatus } from './AgentStatus';
import { AgentViewing } from './AgentViewing';
import { AgentVisualizer } from './AgentVisualizer';
import { AudioPlaybackGate } from './AudioPlaybackGate';
import { ChatComposer } from './ChatComposer';
import { ConnectionQualityBadge } from './ConnectionQualityBadge';
import { ConnectionStatus } from './ConnectionStatus';
import { ErrorMessage } from './ErrorMessage';
import { LatencyBadge } from './LatencyBadge';
import { LatencyChart } from './LatencyChart';
import { LatencyWaterfall } from './LatencyWaterfall';
import { LocalPreview } from './LocalPreview';
import { MediaToggles } from './MediaToggles';
import { ReconnectBanner } from './ReconnectBanner';
import { Transcript } from './Transcript';

export interface CallOptions {
  agentWaitMs: number;
  screenShareCurrentTab: boolean;
}

interface CallViewProps {
  session: CallSession;
  options: CallOptions;
  /** The user pressed Leave. */
  onLeave: () => void;
  /** The call ended without the user asking (server closed it, reconnecting gave up). */
  onEnded: (message: string) => void;
}

export function CallView({ session, options, onLeave, onEnded }: CallViewProps) {
  const link = useSyncExternalStore(session.link.subscribe, session.link.getSnapshot);

  useEffect(() => {
    if (link.kind === 'failed' && !session.leaving) onEnded(link.message);
  }, [link, session, onEnded]);

  return (
    <RoomContext.Provider value={session.room}>
      <CallLayout session={session} options={options} onLeave={onLeave} />
      {/* Attaches every remote audio track (the agent's voice) to a playing <audio> element. */}
      <RoomAudioRenderer />
      <AudioPlaybackGate />
    </RoomContext.Provider>
  );
}

function CallLayout({ session, options, onLeave }: { session: CallSession; options: CallOptions; onLeave: () => void }) {
  const { state, audioTrack, agent, agentAttributes } = useVoiceAssistant();
  const entries = useTranscript(session.transcript);
  const turns = useTurnMetrics(session.metrics);
  const link = useSyncExternalStore(session.link.subscribe, session.link.getSnapshot);
  const [error, setError] = useState<string | null>(null);
  const [leaving, setLeaving] = useState(false);
  const [selectedTurnId, setSelectedTurnId] = useState<string | undefined>(undefined);
  const [sessionId, setSessionId] = useState(session.sessionId);
  // While no agent is in the room, the page asks the API where this session stands in the queue.
  const queue = useQueueStatus(sessionId, agent === undefined);
  const selectedIndex = turns.findIndex((turn) => turn.turnId === selectedTurnId);
  // Follow the newest turn unless the user picked one in the chart.
  const shownIndex = selectedIndex === -1 ? turns.length - 1 : selectedIndex;

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
          <ConnectionQualityBadge />
          <ConnectionStatus recovering={link.kind === 'reconnecting'} />
          <ThemeToggle />
        </div>
      </header>

      <ReconnectBanner state={link} onRetryNow={() => session.link.retryNow()} />

      <div className="call-main">
        <section className="agent-panel" aria-label="Agent">
          <AgentVisualizer state={state} audioTrack={audioTrack} />
          <AgentStatus
            state={state}
            agentPresent={agent !== undefined}
            agentWaitMs={options.agentWaitMs}
            queue={queue}
            onAskAgain={async () => setSessionId(await session.redispatchAgent())}
          />
          <AgentViewing attributes={agentAttributes} />
        </section>

        <Transcript entries={entries} agentName={agent?.name || 'Agent'} />

        <ErrorMessage message={error} onDismiss={() => setError(null)} />

        <ChatComposer onSent={(text) => session.transcript.addTypedMessage(session.identity, text)} onError={setError} />
      </div>

      <aside className="call-side">
        <LocalPreview />
        <section className="panel" aria-labelledby="latency-heading">
          <h2 id="latency-heading">Latency</h2>
          <LatencyWaterfall turn={turns[shownIndex]} turnNumber={shownIndex + 1} />
          {turns.length > 1 && (
            <LatencyChart
              turns={turns}
              {...(selectedTurnId === undefined ? {} : { selectedTurnId })}
              onSelect={(id) => setSelectedTurnId((current) => (current === id ? undefined : id))}
            />
          )}
        </section>
      </aside>

      <footer className="call-controls" aria-label="Call controls">
        <MediaToggles
          onError={setError}
          shareCurrentTab={options.screenShareCurrentTab}
          onMicrophoneWanted={(wanted) => session.setMicrophoneWanted(wanted)}
        />
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
