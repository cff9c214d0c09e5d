import type { AuthMode, SignedInUser } from '@parley/protocol';
import { fetchAuthMode, fetchMe, signIn, signOut } from '../api/auth';
import { onUnauthorized } from '../api/client';
import { ExternalStore } from '../lib/externalStore';

export type AuthState =
  | { kind: 'loading' }
  /** open or api-key mode: nobody signs in on this page. */
  | { kind: 'not-needed'; mode: AuthMode }
  | { kind: 'signed-out'; expired: boolean }
  | { kind: 'signed-in'; user: SignedInUser }
  | { kind: 'failed'; message: string };

/** Who is using the page; any API call answered 401 flips it to signed-out (expired). */
export class AuthStore extends ExternalStore<AuthState> {
  constructor() {
    super({ kind: 'loading' });
    onUnauthorized(() => {
      const state = this.getSnapshot();
      if (state.kind === 'signed-in') this.set({ kind: 'signed-out', expired: true });
    });
  }

  #loading: Promise<void> | undefined;

  /** Asks the server once, however many components call it. */
  load(): Promise<void> {
    this.#loading ??= this.#load();
    return this.#loading;
  }

  async #load(): Promise<void> {
    try {
      const mode = await fetchAuthMode();
      if (mode !== 'accounts') {
        this.set({ kind: 'not-needed', mode });
        return;
      }
      const user = await fetchMe();
      this.set(user ? { kind: 'signed-in', user } : { kind: 'signed-out', expired: false });
    } catch (error) {
      this.set({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Throws the API's refusal (wrong name or password, too many attempts) for the form to show. */
  async signIn(name: string, password: string): Promise<void> {
    const user = await signIn(name, password);
    this.set({ kind: 'signed-in', user });
  }

  async signOut(): Promise<void> {
    try {
      await signOut();
    } finally {
      this.set({ kind: 'signed-out', expired: false });
    }
  }
}

export const authStore = new AuthStore();
