import { useId, useState, type FormEvent } from 'react';
import { changePassword } from '../api/auth';
import { ApiRequestError } from '../api/client';

export function ChangePasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [state, setState] = useState<{ kind: 'idle' | 'busy' | 'done' } | { kind: 'error'; message: string }>({ kind: 'idle' });
  const currentId = useId();
  const nextId = useId();

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setState({ kind: 'busy' });
    try {
      await changePassword(current, next);
      setCurrent('');
      setNext('');
      setState({ kind: 'done' });
    } catch (error) {
      const message = error instanceof ApiRequestError && error.status === 403 ? 'The current password is wrong.' : error instanceof Error ? error.message : String(error);
      setState({ kind: 'error', message });
    }
  };

  return (
    <form className="sign-in-form compact" data-testid="change-password-form" onSubmit={(event) => void submit(event)}>
      <label htmlFor={currentId}>Current password</label>
      <input id={currentId} data-testid="current-password" type="password" value={current} onChange={(e) => setCurrent(e.target.value)} autoComplete="current-password" required />
      <label htmlFor={nextId}>New password (10 characters or more)</label>
      <input id={nextId} data-testid="new-password" type="password" value={next} onChange={(e) => setNext(e.target.value)} autoComplete="new-password" minLength={10} required />
      {state.kind === 'error' && (
        <p className="error-message" role="alert" data-testid="change-password-error">
          {state.message}
        </p>
      )}
      {state.kind === 'done' && <p className="notice" data-testid="password-changed">Password changed. Your other sign-ins were ended.</p>}
      <button type="submit" className="secondary" data-testid="change-password-submit" disabled={state.kind === 'busy'}>
        Change password
      </button>
    </form>
  );
}
