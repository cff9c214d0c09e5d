import { afterEach, describe, expect, it } from 'vitest';
import { createAuthenticator } from './auth.js';
import { Accounts } from './accounts/accounts.js';
import { runKeysCommand } from './cli-keys.js';
import { openStore } from './store/index.js';
import type { Store } from './store/types.js';
import { jsonRequest, startTestApp, type TestApp } from './testing/app.js';
import { tempDbFile } from './testing/fakes.js';

let store: Store | undefined;
let test: TestApp | undefined;
afterEach(async () => {
  await store?.close();
  await test?.app.close();
  store = undefined;
  test = undefined;
});

async function run(args: string[], now = new Date('2026-05-01T12:00:00.000Z')) {
  if (!store) throw new Error('no store');
  const out: string[] = [];
  const err: string[] = [];
  const code = await runKeysCommand(args, store, { out: (text) => out.push(text), err: (text) => err.push(text) }, now);
  return { code, out: out.join(''), err: err.join('') };
}

describe('keys create | list | revoke', () => {
  it('lists keys without their secrets, shows the last use, and revoked keys stop working', async () => {
    test = await startTestApp({ authMode: 'api-key' });
    store = await openStore(test.config.store);
    const created = await run(['create', '--tenant', 'acme']);
    expect(created.code).toBe(0);
    const key = created.out.trim();
    const keyId = key.slice(3, 19);
    expect(key).toMatch(/^pk_[0-9a-f]{16}_/);

    const before = await run(['list']);
    expect(before.code).toBe(0);
    expect(before.out).toContain(`${keyId}\tacme\t2026-05-01T12:00:00.000Z\tnever\tactive`);
    expect(before.out).not.toContain(key.slice(20));

    const auth = { authorization: `Bearer ${key}` };
    expect((await test.app.inject(jsonRequest('GET', '/api/sessions', undefined, auth))).statusCode).toBe(200);
    const used = await run(['list', '--tenant', 'acme']);
    expect(used.out).not.toContain('never');
    expect((await store.findApiKey(keyId))?.lastUsedAt).not.toBeNull();

    const revoked = await run(['revoke', keyId]);
    expect(revoked.code).toBe(0);
    expect(revoked.err).toMatch(/revoked; requests with it now get 401/);
    expect((await run(['list'])).out).toContain('revoked 2026-05-01T12:00:00.000Z');
    const refused = await test.app.inject(jsonRequest('GET', '/api/sessions', undefined, auth));
    expect(refused.statusCode).toBe(401);
    expect((await run(['revoke', keyId])).err).toMatch(/already revoked/);
  });

  it('creates a key owned by a user (accounts mode): it reads that user\'s sessions, nobody else\'s', async () => {
    test = await startTestApp({ authMode: 'accounts' });
    store = await openStore(test.config.store);
    const alice = await new Accounts({ store, ttlSeconds: 60 }).createUser('alice', 'alice-password-1', 'user');
    expect((await run(['create', '--user', 'nobody'])).code).toBe(64);
    const created = await run(['create', '--user', 'Alice']);
    expect(created.code).toBe(0);
    expect(created.err).toContain(`tenant "${alice.tenant}"`);
    const auth = { authorization: `Bearer ${created.out.trim()}` };
    const own = await test.app.inject(jsonRequest('POST', '/api/token', { room: 'alice-room', identity: 'script' }, auth));
    expect(own.statusCode).toBe(200);
    expect((await store.getRoom('alice-room'))?.tenant).toBe(alice.tenant);
  });

  it('explains bad input', async () => {
    store = await openStore({ kind: 'sqlite', file: tempDbFile() });
    expect(await run(['revoke'])).toMatchObject({ code: 64, err: expect.stringMatching(/16 hex digits/) });
    expect(await run(['revoke', 'ffffffffffffffff'])).toMatchObject({ code: 1, err: expect.stringMatching(/no API key with id ffffffffffffffff/) });
    expect(await run(['list', '--tenant'])).toMatchObject({ code: 64 });
    expect(await run(['create', '--tenant', 'Bad Name'])).toMatchObject({ code: 64 });
    expect(await run(['rotate'])).toMatchObject({ code: 64, err: expect.stringMatching(/keys list/) });
    expect((await run(['list'])).err).toMatch(/no API keys yet/);
  });

  it('records a key\'s use at most once a minute', async () => {
    store = await openStore({ kind: 'sqlite', file: tempDbFile() });
    const key = (await run(['create', '--tenant', 'acme'])).out.trim();
    const authenticator = createAuthenticator('api-key', store);
    const request = { headers: { authorization: `Bearer ${key}` }, ip: '127.0.0.1', log: { warn: () => undefined } } as unknown as Parameters<typeof authenticator.authenticate>[0];
    await authenticator.authenticate(request);
    const first = (await store.findApiKey(key.slice(3, 19)))?.lastUsedAt;
    expect(first).not.toBeNull();
    await authenticator.authenticate(request);
    expect((await store.findApiKey(key.slice(3, 19)))?.lastUsedAt).toBe(first);
  });
});
