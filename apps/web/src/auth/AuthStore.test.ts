import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchSessions } from '../api/sessions';
import { AuthStore } from './AuthStore';

type Answer = { status: number; body?: unknown };

/** Answers fetch by path; records what was asked and with which credentials mode. */
function serve(answers: Record<string, Answer | (() => Answer)>) {
  const calls: { path: string; method: string; credentials: string | undefined }[] = [];
  vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
    calls.push({ path: input, method: init.method ?? 'GET', credentials: init.credentials });
    const found = answers[`${init.method ?? 'GET'} ${input}`];
    const answer = typeof found === 'function' ? found() : (found ?? { status: 404, body: { error: 'no such API route' } });
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), { status: answer.status });
  });
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const alice = { id: 'a1', name: 'alice', admin: false };

describe('AuthStore', () => {
  it('needs no sign-in in open mode, or against an API without /api/auth', async () => {
    serve({ 'GET /api/auth/config': { status: 200, body: { mode: 'open' } } });
    const open = new AuthStore();
    await open.load();
    expect(open.getSnapshot()).toEqual({ kind: 'not-needed', mode: 'open' });

    serve({});
    const old = new AuthStore();
    await old.load();
    expect(old.getSnapshot()).toEqual({ kind: 'not-needed', mode: 'open' });
  });

  it('shows signed-out when /api/auth/me says 401, and signed-in after a sign-in, sending cookies same-origin', async () => {
    const calls = serve({
      'GET /api/auth/config': { status: 200, body: { mode: 'accounts' } },
      'GET /api/auth/me': { status: 401, body: { error: 'sign in required' } },
      'POST /api/auth/sign-in': { status: 200, body: { mode: 'accounts', user: alice } },
      'POST /api/auth/sign-out': { status: 204 },
    });
    const store = new AuthStore();
    await store.load();
    expect(store.getSnapshot()).toEqual({ kind: 'signed-out', expired: false });
    await store.signIn('alice', 'pw');
    expect(store.getSnapshot()).toEqual({ kind: 'signed-in', user: alice });
    await store.signOut();
    expect(store.getSnapshot()).toEqual({ kind: 'signed-out', expired: false });
    expect(calls.every((call) => call.credentials === 'same-origin')).toBe(true);
  });

  it('keeps a refused sign-in signed out and reports why', async () => {
    serve({
      'GET /api/auth/config': { status: 200, body: { mode: 'accounts' } },
      'GET /api/auth/me': { status: 401, body: { error: 'sign in required' } },
      'POST /api/auth/sign-in': { status: 401, body: { error: 'wrong name or password' } },
    });
    const store = new AuthStore();
    await store.load();
    await expect(store.signIn('alice', 'nope')).rejects.toMatchObject({ status: 401 });
    expect(store.getSnapshot()).toEqual({ kind: 'signed-out', expired: false });
  });

  it('turns the next 401 from any other API call into an expired sign-in', async () => {
    let signedIn = true;
    serve({
      'GET /api/auth/config': { status: 200, body: { mode: 'accounts' } },
      'GET /api/auth/me': { status: 200, body: { mode: 'accounts', user: alice } },
      'GET /api/sessions': () => (signedIn ? { status: 200, body: { sessions: [] } } : { status: 401, body: { error: 'sign in required' } }),
    });
    const store = new AuthStore();
    await store.load();
    await fetchSessions();
    expect(store.getSnapshot().kind).toBe('signed-in');
    signedIn = false;
    await expect(fetchSessions()).rejects.toMatchObject({ status: 401 });
    expect(store.getSnapshot()).toEqual({ kind: 'signed-out', expired: true });
  });
});
