import { useCallback, useEffect, useState } from 'react';
import { useAuth } from './auth/useAuth';
import type { AuthState } from './auth/AuthStore';
import { SignInAgainBanner, SignInPage } from './auth/SignInPage';
import { UserMenu } from './auth/UserMenu';
import { ErrorMessage } from './components/ErrorMessage';
import { HealthNotice } from './components/HealthNotice';
import { JoinForm, type JoinValues } from './components/JoinForm';
import { DEFAULT_DEVICES, randomIdentity, readLaunchConfig, saveDisplayName, type LaunchConfig } from './config';
import { HistoryPage } from './history/HistoryPage';
import { SessionDetailPage } from './history/SessionDetailPage';
import { historyHref, useHashRoute } from './router/useHashRoute';
import { describeError, SessionError } from './session/SessionError';
import { ThemeToggle } from './theme/ThemeToggle';
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
    throw new SessionError('load', 'Could not reach the Parley server to load the call screen. Is it running? Check your connection and reload the page.', {
      cause: error,
    });
  }
}

function TopBar({ auth }: { auth: AuthState }) {
  return (
    <header className="top-bar">
      <a href="#/" className="brand">
        <span className="brand-dot" aria-hidden="true" />
        Parley
      </a>
      <nav aria-label="Main">
        <a href="#/">Talk</a>
        <a href={historyHref()} data-testid="history-link">
          History
        </a>
      </nav>
      {auth.kind === 'signed-in' && <UserMenu user={auth.user} />}
      <ThemeToggle />
    </header>
  );
}

export function App() {
  const [launch] = useState<LaunchConfig>(() => readLaunchConfig());
  const [draft, setDraft] = useState<JoinValues>(() => ({ ...launch, devices: DEFAULT_DEVICES }));
  // One identity per page load; the API validates it, LiveKit keeps it unique in the room.
  const [identity] = useState(randomIdentity);
  const [phase, setPhase] = useState<Phase>({ kind: 'start' });
  const [error, setError] = useState<string | null>(null);
  const route = useHashRoute();
  const auth = useAuth();

  // Fetch the call code while the user fills in the form: joining is faster, and still works
  // if the server goes away in between (the token request then reports that plainly).
  useEffect(() => {
    const timer = window.setTimeout(() => void loadCallModule().catch(() => undefined), 300);
    return () => window.clearTimeout(timer);
  }, []);

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
          devices: values.devices,
        });
        setPhase({ kind: 'call', session, CallView });
      } catch (err) {
        console.warn('[parley] could not start the conversation', err);
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
      <>
        {auth.kind === 'signed-out' && (
          <SignInAgainBanner
            onSignedIn={() => {
              // What was refused mid-call was a token: a rejoin after a drop, or the agent's re-dispatch after a LiveKit restart.
              session.link.retryNow();
              session.redispatchAgent().catch((err: unknown) => console.warn('[parley] could not re-dispatch the agent after signing in again', err));
            }}
          />
        )}
        <CallView
          session={session}
          options={{ agentWaitMs: launch.agentWaitMs, screenShareCurrentTab: launch.screenShareCurrentTab }}
          onLeave={() => void endCall(session, null)}
          onEnded={(message) => void endCall(session, message)}
        />
      </>
    );
  }

  if (auth.kind === 'loading') {
    return (
      <div className="page">
        <TopBar auth={auth} />
        <main className="start" aria-busy="true" data-testid="auth-loading" />
      </div>
    );
  }

  if (auth.kind === 'signed-out') {
    return (
      <div className="page">
        <TopBar auth={auth} />
        <SignInPage expired={auth.expired} />
      </div>
    );
  }

  if (route.page !== 'home') {
    return (
      <div className="page">
        <TopBar auth={auth} />
        <main className="page-main">{route.page === 'history' ? <HistoryPage /> : <SessionDetailPage id={route.id} />}</main>
      </div>
    );
  }

  return (
    <div className="page">
      <TopBar auth={auth} />
      <main className="start">
        <div className="card">
          <div>
            <h1>Talk with Parley</h1>
            <p className="tagline">A voice assistant that runs on your own server. Check your microphone, then start talking.</p>
          </div>
          <ErrorMessage message={error} onDismiss={() => setError(null)} />
          {auth.kind === 'failed' && <ErrorMessage message={`Could not ask the server who you are: ${auth.message}`} />}
          {auth.kind === 'not-needed' && auth.mode === 'api-key' && (
            <p className="notice" role="status" data-testid="api-key-mode-notice">
              This server accepts only API keys (for programs), so this page cannot start a conversation. To let people sign in here, run it with PARLEY_AUTH_MODE=accounts.
            </p>
          )}
          <JoinForm initial={draft} busy={phase.kind === 'joining'} onSubmit={(values) => void join(values)} onInvalid={setError} />
          <HealthNotice />
        </div>
      </main>
    </div>
  );
}
