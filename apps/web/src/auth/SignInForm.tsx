import { useId, useState, type FormEvent } from 'react';
import { ApiRequestError } from '../api/client';
import { authStore } from './AuthStore';

function refusal(error: unknown): string {
  if (error instanceof ApiRequestError) {
    if (error.status === 401) return 'Wrong name or password.';
    if (error.status === 429) return 'Too many sign-in attempts. Wait a few minutes and try again.';
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Name and password; the server's answer never says which of the two was wrong. */
export function SignInForm({ compact = false, onSignedIn }: { compact?: boolean; onSignedIn?: () => void }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const nameId = useId();
  const passwordId = useId();

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await authStore.signIn(name.trim(), password);
      onSignedIn?.();
    } catch (err) {
      setError(refusal(err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className={compact ? 'sign-in-form compact' : 'sign-in-form'} data-testid="sign-in-form" onSubmit={(event) => void submit(event)}>
      <label htmlFor={nameId}>Name</label>
      <input id={nameId} data-testid="sign-in-name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="username" autoCapitalize="none" spellCheck={false} maxLength={64} required disabled={busy} />
      <label htmlFor={passwordId}>Password</label>
      <input id={passwordId} data-testid="sign-in-password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" maxLength={1024} required disabled={busy} />
      {error && (
        <p className="error-message" role="alert" data-testid="sign-in-error">
          {error}
        </p>
      )}
      <button type="submit" className="primary" data-testid="sign-in-submit" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
