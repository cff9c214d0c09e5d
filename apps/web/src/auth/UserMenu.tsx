import { useState } from 'react';
import type { SignedInUser } from '@parley/protocol';
import { authStore } from './AuthStore';
import { ChangePasswordForm } from './ChangePasswordForm';

/** Who is signed in, with sign-out and a password change. */
export function UserMenu({ user }: { user: SignedInUser }) {
  const [busy, setBusy] = useState(false);
  return (
    <div className="user-menu">
      <details>
        <summary>
          <span data-testid="signed-in-user">{user.name}</span>
          {user.admin && <span className="badge">admin</span>}
        </summary>
        <div className="user-menu-panel panel">
          <ChangePasswordForm />
        </div>
      </details>
      <button
        type="button"
        className="secondary"
        data-testid="sign-out-button"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          void authStore.signOut().finally(() => setBusy(false));
        }}
      >
        Sign out
      </button>
    </div>
  );
}
