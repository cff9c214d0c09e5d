import { useCallback, useState } from 'react';
import { ErrorMessage } from './components/ErrorMessage';
import { HealthNotice } from './components/HealthNotice';
import { JoinForm, type JoinValues } from './components/JoinForm';
import { randomIdentity, readLaunchConfig, saveDisplayName } from './config';
import { describeError, SessionError } from './session/SessionError';
import type { CallSession } from './callModule';

type CallModule = typeof import('./callModule');

type Phase =
  | { kind: 'start' }
  | { kind: 'joining' }
  | { kind: 'call'; session: CallSession; CallView: CallModule['CallView'] };

async function loadCallModule(): Promise<CallModule> {
  try {
    return await import('./callModule');
  } catch (error) {
    throw new SessionError('load', 'Could not load the call screen. Check your connection and reload the page.', {
      cause: error,
    });
  }
}

export function App() {
  const [draft, setDraft] = useState<JoinValues>(() => readLaunchConfig());
  // One identity per page load; the API validates it, LiveKit keeps it unique in the room.
  const [identity] = useState(randomIdentity);
  const [phase, setPhase] = useState<Phase>({ kind: 'start' });
  const [error, setError] = useState<string | null>(null);

  const join = useCallback(
    async (values: JoinValues) => {
      setDraft(values);
      setError(null);
      if (values.name) saveDisplayName(values.name);
      setPhase({ kind: 'joining' });
      try {
        const { startSession, CallView } = await loadCallModule();
        const session = await startSession({
          room: values.room,
          identity,
          ...(values.name ? { name: values.name } : {}),
          audio: values.audio,
        });
        setPhase({ kind: 'call', session, CallView });
      } catch (err) {
        console.error('[parley] could not start the conversation', err);
        setError(describeError(err));
        setPhase({ kind: 'start' });
      }
    },
    [identity],
  );

  const endCall = useCallback(async (session: CallSession, message: string | null) => {
    try {
      await session.leave();
    } catch (err) {
      console.warn('[parley] error while leaving', err);
    }
    setError(message);
    setPhase({ kind: 'start' });
  }, []);

  if (phase.kind === 'call') {
    const { session, CallView } = phase;
    return (
      <CallView
        session={session}
        onLeave={() => void endCall(session, null)}
        onEnded={(message) => void endCall(session, message)}
      />
    );
  }

  return (
    <main className="start">
      <div className="card">
        <h1>Parley</h1>
        <p className="tagline">Talk with an AI assistant, live.</p>
        <JoinForm
          initial={draft}
          busy={phase.kind === 'joining'}
          onSubmit={(values) => void join(values)}
          onInvalid={setError}
        />
        <ErrorMessage message={error} onDismiss={() => setError(null)} />
        <HealthNotice />
      </div>
    </main>
  );
}
