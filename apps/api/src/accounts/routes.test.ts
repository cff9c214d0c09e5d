import { Writable } from 'node:stream';
import type { MeResponse, SessionDetail, SessionListResponse, TokenResponse } from '@parley/protocol';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, loggerOptions } from '../app.js';
import type { Config } from '../config.js';
import { fakeDeps, type Fakes, testConfig } from '../testing/fakes.js';
import { jsonRequest, keyFor, startTestApp, type TestApp } from '../testing/app.js';
import { Accounts, hashSessionId } from './accounts.js';
import { SIGN_IN_LIMITS, SIGN_IN_REFUSED } from './routes.js';

let current: TestApp | undefined;
afterEach(async () => {
  await current?.app.close();
  current = undefined;
});

const PASSWORDS = { alice: 'alice-password-1', bob: 'bob-password-22', root: 'root-password-333' } as const;

async function startAccounts(overrides: Partial<Config> = {}): Promise<TestApp> {
  current = await startTestApp({ authMode: 'accounts', ...overrides });
  return current;
}

async function createUser(fakes: Fakes, name: keyof typeof PASSWORDS, role: 'admin' | 'user' = 'user') {
  return new Accounts({ store: fakes.store, ttlSeconds: 60 }).createUser(name, PASSWORDS[name], role);
}

function signInRequest(name: string, password: string, headers: Record<string, string> = {}) {
  return jsonRequest('POST', '/api/auth/sign-in', { name, password }, headers);
}

/** Signs in and returns the Cookie header a browser would send back. */
async function signIn(app: TestApp['app'], name: keyof typeof PASSWORDS): Promise<Record<string, string>> {
  const res = await app.inject(signInRequest(name, PASSWORDS[name]));
  expect(res.statusCode, res.body).toBe(200);
  const cookie = String(res.headers['set-cookie']).split(';')[0] ?? '';
  return { cookie };
}

const sessionIdOf = (headers: Record<string, string>): string => (headers.cookie ?? '').replace(/^parley_session=/, '');

describe('accounts mode: signing in and out', () => {
  it('says the mode publicly, refuses anonymous calls, signs in with a httpOnly SameSite cookie and signs out', async () => {
    const { app, fakes, config } = await startAccounts();
    await createUser(fakes, 'alice');
    expect((await app.inject({ method: 'GET', url: '/api/auth/config' })).json()).toEqual({ mode: 'accounts' });
    const anonymous = await app.inject({ method: 'GET', url: '/api/auth/me' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toEqual({ error: 'sign in required' });
    expect((await app.inject({ method: 'GET', url: '/api/sessions' })).statusCode).toBe(401);

    const res = await app.inject(signInRequest('Alice', PASSWORDS.alice));
    expect(res.statusCode).toBe(200);
    expect(res.json<MeResponse>()).toEqual({ mode: 'accounts', user: { id: expect.any(String), name: 'alice', admin: false } });
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^parley_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=3600; HttpOnly; SameSite=Strict$/);
    const cookie = { cookie: setCookie.split(';')[0] ?? '' };

    // Only a hash of the cookie's id is in the database.
    const db = new Database(config.store.kind === 'sqlite' ? config.store.file : '', { readonly: true });
    const rows = JSON.stringify(db.prepare('SELECT * FROM auth_sessions').all());
    const users = JSON.stringify(db.prepare('SELECT * FROM users').all());
    db.close();
    expect(rows).not.toContain(sessionIdOf(cookie));
    expect(rows).toContain(hashSessionId(sessionIdOf(cookie)));
    expect(users).not.toContain(PASSWORDS.alice);

    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: cookie })).json<MeResponse>().user?.name).toBe('alice');
    expect((await app.inject({ method: 'GET', url: '/api/sessions', headers: cookie })).statusCode).toBe(200);

    // A cross-site form cannot sign anyone out: a body-less POST needs the page's marker header.
    expect((await app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: cookie })).statusCode).toBe(403);
    const out = await app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: { ...cookie, 'x-parley-request': '1' } });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^parley_session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Strict$/);
    // The old cookie is dead on the server too, not just forgotten by the browser.
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: cookie })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/sessions', headers: cookie })).statusCode).toBe(401);
  });

  it('ends the browser\'s previous sign-in when it signs in again, with a new cookie', async () => {
    const { app, fakes } = await startAccounts();
    await createUser(fakes, 'alice');
    await createUser(fakes, 'bob');
    const first = await signIn(app, 'alice');
    const res = await app.inject(signInRequest('bob', PASSWORDS.bob, first));
    expect(res.json<MeResponse>().user?.name).toBe('bob');
    const second = { cookie: String(res.headers['set-cookie']).split(';')[0] ?? '' };
    expect(second.cookie).not.toBe(first.cookie);
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: first })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: second })).json<MeResponse>().user?.name).toBe('bob');
  });

  it('gives one answer for a wrong password, an unknown name and a disabled account, and hashes even for unknown names', async () => {
    const { app, fakes } = await startAccounts();
    await createUser(fakes, 'alice');
    const bob = await createUser(fakes, 'bob');
    await fakes.store.setUserDisabled(bob.id, true);

    const wrong = await app.inject(signInRequest('alice', 'not-her-password'));
    const startedAt = performance.now();
    const unknown = await app.inject(signInRequest('carol', 'whatever-password'));
    const unknownMs = performance.now() - startedAt;
    const disabled = await app.inject(signInRequest('bob', PASSWORDS.bob));
    for (const res of [wrong, unknown, disabled]) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ error: SIGN_IN_REFUSED });
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    // scrypt with N = 2^15 takes tens of ms; an early return for unknown names would take ~1 ms.
    expect(unknownMs).toBeGreaterThan(20);
  });

  it('rejects malformed sign-in bodies with field details', async () => {
    const { app } = await startAccounts();
    const res = await app.inject(jsonRequest('POST', '/api/auth/sign-in', { name: 'a b', password: '', extra: 1 }));
    expect(res.statusCode).toBe(400);
    expect(res.json<{ details: { path: string }[] }>().details.map((d) => d.path).sort()).toEqual(['extra', 'name', 'password']);
  });

  it('rate limits guesses per account and per address', async () => {
    const { app, fakes } = await startAccounts();
    await createUser(fakes, 'alice');
    await createUser(fakes, 'bob');
    const statuses: number[] = [];
    for (let i = 0; i < SIGN_IN_LIMITS.account.burst; i += 1) statuses.push((await app.inject(signInRequest('alice', `guess-${i}`))).statusCode);
    expect(statuses.every((status) => status === 401)).toBe(true);
    // Even the right password waits now: the limit is on the account, not on failures.
    const limited = await app.inject(signInRequest('alice', PASSWORDS.alice));
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await app.inject(signInRequest('bob', PASSWORDS.bob))).statusCode).toBe(200);

    // Spraying many names from one address runs into the address limit.
    const remaining = SIGN_IN_LIMITS.address.burst - SIGN_IN_LIMITS.account.burst - 2;
    for (let i = 0; i < remaining; i += 1) expect((await app.inject(signInRequest(`user${i}`, 'guess-password'))).statusCode).toBe(401);
    expect((await app.inject(signInRequest('nobody', 'guess-password'))).statusCode).toBe(429);
    // Another address is not affected.
    expect((await app.inject({ ...signInRequest('bob', PASSWORDS.bob), remoteAddress: '10.0.0.9' })).statusCode).toBe(200);
  });

  it('counts each client behind a trusted reverse proxy separately', async () => {
    const { app } = await startAccounts({ trustProxy: ['127.0.0.1'] });
    // Distinct names, so only the address limit can bite; every request arrives from the proxy at 127.0.0.1.
    let attempt = 0;
    const from = (address: string) => signInRequest(`name${(attempt += 1)}`, 'guess-password', { 'x-forwarded-for': address });
    for (let i = 0; i < SIGN_IN_LIMITS.address.burst; i += 1) expect((await app.inject(from(`203.0.113.${i}`))).statusCode).toBe(401);
    for (let i = 0; i < SIGN_IN_LIMITS.address.burst; i += 1) expect((await app.inject(from('203.0.113.200'))).statusCode).toBe(401);
    expect((await app.inject(from('203.0.113.200'))).statusCode).toBe(429);
  }, 60_000);

  it('marks the cookie Secure over https (directly, behind a TLS proxy, or when told to)', async () => {
    const { app, fakes } = await startAccounts();
    await createUser(fakes, 'alice');
    const proxied = await app.inject(signInRequest('alice', PASSWORDS.alice, { 'x-forwarded-proto': 'https' }));
    expect(String(proxied.headers['set-cookie'])).toMatch(/; Secure$/);
    await current?.app.close();

    const always = await startAccounts({ signIn: { ttlSeconds: 3600, cookieSecure: 'always' } });
    await createUser(always.fakes, 'alice');
    expect(String((await always.app.inject(signInRequest('alice', PASSWORDS.alice))).headers['set-cookie'])).toMatch(/; Secure$/);
    await current?.app.close();

    const never = await startAccounts({ signIn: { ttlSeconds: 3600, cookieSecure: 'never' } });
    await createUser(never.fakes, 'alice');
    expect(String((await never.app.inject(signInRequest('alice', PASSWORDS.alice, { 'x-forwarded-proto': 'https' }))).headers['set-cookie'])).not.toMatch(/Secure/);
  });

  it('ends a sign-in when it expires', async () => {
    const { app, fakes } = await startAccounts({ signIn: { ttlSeconds: 1, cookieSecure: 'auto' } });
    await createUser(fakes, 'alice');
    const cookie = await signIn(app, 'alice');
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: cookie })).statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const expired = await app.inject({ method: 'GET', url: '/api/auth/me', headers: cookie });
    expect(expired.statusCode).toBe(401);
    expect(String(expired.headers['set-cookie'])).toMatch(/Max-Age=0/);
    expect((await app.inject({ method: 'GET', url: '/api/sessions', headers: cookie })).statusCode).toBe(401);
    expect(await fakes.store.findAuthSession(hashSessionId(sessionIdOf(cookie)))).toBeNull();
  });

  it('signs out a disabled user at once', async () => {
    const { app, fakes } = await startAccounts();
    const alice = await createUser(fakes, 'alice');
    const cookie = await signIn(app, 'alice');
    await new Accounts({ store: fakes.store, ttlSeconds: 60 }).setDisabled(alice, true);
    expect((await app.inject({ method: 'GET', url: '/api/sessions', headers: cookie })).statusCode).toBe(401);
  });

  it('changes the password with the current one and ends the other sign-ins', async () => {
    const { app, fakes } = await startAccounts();
    await createUser(fakes, 'alice');
    const here = await signIn(app, 'alice');
    const elsewhere = await signIn(app, 'alice');
    const change = (body: unknown, headers: Record<string, string>) => app.inject(jsonRequest('POST', '/api/auth/password', body, headers));

    expect((await change({ currentPassword: 'wrong-password', newPassword: 'a-new-password' }, here)).statusCode).toBe(403);
    expect((await change({ currentPassword: PASSWORDS.alice, newPassword: 'short' }, here)).statusCode).toBe(400);
    expect((await change({ currentPassword: PASSWORDS.alice, newPassword: 'a-new-password' }, {})).statusCode).toBe(401);
    expect((await change({ currentPassword: PASSWORDS.alice, newPassword: 'a-new-password' }, here)).statusCode).toBe(204);

    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: here })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: elsewhere })).statusCode).toBe(401);
    expect((await app.inject(signInRequest('alice', PASSWORDS.alice))).statusCode).toBe(401);
    expect((await app.inject(signInRequest('alice', 'a-new-password'))).statusCode).toBe(200);
  });
});

describe('accounts mode: each user sees their own, an admin sees all', () => {
  it('user B cannot read, list or end user A\'s session; the admin can read all; A\'s API key sees A\'s', async () => {
    const { app, fakes } = await startAccounts();
    const alice = await createUser(fakes, 'alice');
    await createUser(fakes, 'bob');
    await createUser(fakes, 'root', 'admin');
    const a = await signIn(app, 'alice');
    const b = await signIn(app, 'bob');
    const admin = await signIn(app, 'root');

    const token = await app.inject(jsonRequest('POST', '/api/token', { room: 'alice-room', identity: 'alice' }, a));
    expect(token.statusCode).toBe(200);
    const sessionId = token.json<TokenResponse>().sessionId ?? '';
    expect((await fakes.store.getSessionRecord(sessionId))?.tenant).toBe(alice.tenant);

    for (const attempt of [
      jsonRequest('GET', `/api/sessions/${sessionId}`, undefined, b),
      jsonRequest('GET', '/api/rooms/alice-room', undefined, b),
      jsonRequest('DELETE', `/api/rooms/alice-room/sessions/${sessionId}`, undefined, b),
      jsonRequest('POST', '/api/token', { room: 'alice-room', identity: 'bob' }, b),
    ]) {
      const res = await app.inject(attempt);
      expect(res.statusCode, `${attempt.method} ${attempt.url}`).toBe(404);
      expect(res.body).not.toContain(sessionId);
    }
    expect((await app.inject(jsonRequest('GET', '/api/sessions', undefined, b))).json<SessionListResponse>().sessions).toEqual([]);
    expect((await app.inject(jsonRequest('GET', '/api/sessions', undefined, a))).json<SessionListResponse>().sessions.map((s) => s.id)).toEqual([sessionId]);

    expect((await app.inject(jsonRequest('GET', '/api/sessions', undefined, admin))).json<SessionListResponse>().sessions.map((s) => s.id)).toEqual([sessionId]);
    expect((await app.inject(jsonRequest('GET', `/api/sessions/${sessionId}`, undefined, admin))).json<SessionDetail>().room).toBe('alice-room');
    expect((await app.inject(jsonRequest('GET', '/api/rooms/alice-room', undefined, admin))).statusCode).toBe(200);

    // Programs use API keys owned by the user's tenant; a key never makes anyone an admin.
    const key = await keyFor(fakes, alice.tenant);
    expect((await app.inject(jsonRequest('GET', `/api/sessions/${sessionId}`, undefined, key))).statusCode).toBe(200);
    const otherKey = await keyFor(fakes, 'some-program');
    expect((await app.inject(jsonRequest('GET', `/api/sessions/${sessionId}`, undefined, otherKey))).statusCode).toBe(404);
    expect((await app.inject(jsonRequest('GET', '/api/sessions', undefined, { authorization: 'Bearer pk_nope' }))).statusCode).toBe(401);
  });
});

describe('auth routes in the other modes', () => {
  it('open mode says so and has no sign-in', async () => {
    current = await startTestApp();
    const { app } = current;
    expect((await app.inject({ method: 'GET', url: '/api/auth/config' })).json()).toEqual({ mode: 'open' });
    expect((await app.inject({ method: 'GET', url: '/api/auth/me' })).json()).toEqual({ mode: 'open', user: null });
    expect((await app.inject(signInRequest('alice', 'whatever'))).statusCode).toBe(404);
  });
});

describe('accounts mode: logs', () => {
  it('tell how to create the first admin, and never carry names, passwords or cookies', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const config = testConfig({ authMode: 'accounts', logLevel: 'trace' });
    const options = loggerOptions(config);
    const fakes = await fakeDeps(config);
    const app = await buildApp(config, fakes.deps, { logger: typeof options === 'object' ? { ...options, stream } : options, closeStore: true });
    await app.ready();
    expect(lines.join('')).toContain('users create --name <name> --admin');
    await createUser(fakes, 'alice');
    await app.inject(signInRequest('alice', 'a-wrong-password'));
    const cookie = await signIn(app, 'alice');
    await app.inject({ method: 'GET', url: '/api/sessions', headers: cookie });
    await app.close();
    const logs = lines.join('');
    expect(logs).toContain('signed in');
    expect(logs).toContain('sign-in refused');
    expect(logs).not.toMatch(/alice/i);
    expect(logs).not.toContain('a-wrong-password');
    expect(logs).not.toContain(PASSWORDS.alice);
    expect(logs).not.toContain(sessionIdOf(cookie));
  });
});
