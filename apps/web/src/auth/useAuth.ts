import { useEffect, useSyncExternalStore } from 'react';
import { authStore, type AuthState } from './AuthStore';

/** The page's sign-in state; asks the server once on first use. */
export function useAuth(): AuthState {
  const state = useSyncExternalStore(authStore.subscribe, authStore.getSnapshot);
  useEffect(() => {
    if (authStore.getSnapshot().kind === 'loading') void authStore.load();
  }, []);
  return state;
}
