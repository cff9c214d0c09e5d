import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonRequest, startTestApp, type TestApp } from '../testing/app.js';
import { Accounts } from './accounts.js';
import { verifyPassword } from './passwords.js';

/**
 * Hostile bodies, content types and cookies at the sign-in routes of accounts mode: every answer
 * is a clean 4xx JSON error or a success, never a 5xx, and the seeded user still signs in.
 */
let test: TestApp;
let seededCookie = '';
const RUNS = Number(process.env.PARLEY_FUZZ_RUNS ?? 60);
const PASSWORD = 'seeded-password-1';

const hostile = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.constantFrom('', 'seeded', 'SEEDED', 'seeded ', '\u0000', '😀', 'a'.repeat(5000), '__proto__', "' OR 1=1 --", PASSWORD),
);
const bodies = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  fc.record({ name: hostile, password: hostile }).map((value) => JSON.stringify(value)),
  fc.record({ currentPassword: hostile, newPassword: hostile }).map((value) => JSON.stringify(value)),
  fc.constantFrom('{', 'null', '[]', '{"name":"seeded","password":{"$ne":null}}', JSON.stringify({ name: 'seeded', password: 'x'.repeat(2000) })),
);
const cookies = fc.oneof(
  fc.constant(undefined),
  fc.constant(null).map(() => seededCookie),
  fc.string({ maxLength: 80 }).map((value) => `parley_session=${value.replace(/[^\x20-\x7e]/g, '')}`),
  fc.constantFrom('parley_session=', 'parley_session', ';;;', `parley_session=${'A'.repeat(43)}`, 'a=b; parley_session=%00'),
);
const contentTypes = fc.constantFrom(undefined, 'application/json', 'text/plain', 'application/x-www-form-urlencoded');

const endpoints = [
  { method: 'POST', url: '/api/auth/sign-in' },
  { method: 'POST', url: '/api/auth/sign-out' },
  { method: 'GET', url: '/api/auth/me' },
  { method: 'POST', url: '/api/auth/password' },
  { method: 'GET', url: '/api/auth/config' },
  { method: 'GET', url: '/api/sessions' },
] as const;

describe('fuzz: the sign-in routes', () => {
  beforeAll(async () => {
    test = await startTestApp({ authMode: 'accounts' });
    await new Accounts({ store: test.fakes.store, ttlSeconds: 60 }).createUser('seeded', PASSWORD, 'user');
    const res = await test.app.inject(jsonRequest('POST', '/api/auth/sign-in', { name: 'seeded', password: PASSWORD }));
    seededCookie = String(res.headers['set-cookie']).split(';')[0] ?? '';
  });

  afterAll(async () => {
    await test?.app.close();
  });

  it.each(endpoints.map((endpoint) => [`${endpoint.method} ${endpoint.url}`, endpoint] as const))(
    '%s never answers 5xx',
    async (_label, endpoint) => {
      await fc.assert(
        fc.asyncProperty(fc.option(bodies, { nil: undefined }), contentTypes, cookies, async (body, contentType, cookie) => {
          // Changing the seeded password or signing it out would be legitimate, not corruption.
          if (cookie === seededCookie && (endpoint.url === '/api/auth/password' || endpoint.url === '/api/auth/sign-out')) return;
          const headers: Record<string, string> = {};
          if (contentType !== undefined) headers['content-type'] = contentType;
          if (cookie !== undefined) headers.cookie = cookie;
          const res = await test.app.inject({ method: endpoint.method, url: endpoint.url, headers, ...(body === undefined ? {} : { payload: body }) });
          expect(res.statusCode, `${endpoint.method} ${endpoint.url} ${String(body).slice(0, 80)} -> ${res.body.slice(0, 200)}`).toBeLessThan(500);
          if (res.statusCode >= 400) {
            expect(res.headers['content-type']).toMatch(/application\/json/);
            expect(typeof res.json<{ error: unknown }>().error).toBe('string');
            expect(res.body).not.toMatch(/SQLITE|at \w+ \(|node_modules|stack/);
          }
        }),
        { numRuns: RUNS, seed: Number(process.env.PARLEY_FUZZ_SEED ?? 20261202) },
      );
    },
    120_000,
  );

  it('the seeded user and sign-in are intact', async () => {
    expect((await test.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: seededCookie } })).statusCode).toBe(200);
    const user = await test.fakes.store.findUserByName('seeded');
    expect(user?.disabled).toBe(false);
    // The fuzzer has used up the account's sign-in attempts, so check the stored hash directly.
    expect(await verifyPassword(PASSWORD, user?.passwordHash ?? '')).toBe(true);
  });
});
