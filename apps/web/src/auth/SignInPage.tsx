import { SignInForm } from './SignInForm';

export function SignInPage({ expired }: { expired: boolean }) {
  return (
    <main className="start">
      <div className="card" data-testid="sign-in-page">
        <div>
          <h1>Sign in to Parley</h1>
          <p className="tagline">{expired ? 'Your sign-in has expired. Please sign in again.' : 'Use the name and password your administrator gave you.'}</p>
        </div>
        <SignInForm />
      </div>
    </main>
  );
}

/**
 * Over a running call: the call goes on, and the next API call works once the person signs in
 * again. `onSignedIn` lets the call redo what the refused call was for (a rejoin, the agent).
 */
export function SignInAgainBanner({ onSignedIn }: { onSignedIn?: () => void }) {
  return (
    <div className="sign-in-again" role="dialog" aria-label="Sign in again" data-testid="sign-in-again">
      <p>Your sign-in has expired. The call goes on; sign in again to keep using the rest of Parley.</p>
      <SignInForm compact {...(onSignedIn ? { onSignedIn } : {})} />
    </div>
  );
}
