import type { SessionDetail, SessionListResponse, SessionSummary, TokenResponse } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { generateApiKey, parseApiKey } from './auth.js';
import { jsonRequest, keyFor, startTestApp, type TestApp } from './testing/app.js';

let current: TestApp | undefined;
afterEach(async () => {
  await current?.app.close();
  current = undefined;
});

describe('api-key mode: tenants are isolated', () => {
  it('tenant B can neither mint tokens for, read, nor end tenant A\'s room or session', async () => {
    current = await startTestApp({ authMode: 'api-key' });
    const { app, fakes } = current;
    const alice = await keyFor(fakes, 'tenant-a');
    const bob = await keyFor(fakes, 'tenant-b');

    const token = await app.inject(jsonRequest('POST', '/api/token', { room: 'a-room', identity: 'alice' }, alice));
    expect(token.statusCode).toBe(200);
    const sessionId = token.json<TokenResponse>().sessionId;
    expect(sessionId).toBeDefined();
    fakes.rooms.participants.set('a-room', [{ identity: 'agent-1', name: '', kind: 'agent', agentState: 'listening', tracks: [] }]);

    const attempts = [
      jsonRequest('POST', '/api/token', { room: 'a-room', identity: 'mallory' }, bob),
      jsonRequest('POST', '/api/token', { room: 'a-room', identity: 'mallory', dispatchAgent: false }, bob),
      jsonRequest('GET', '/api/rooms/a-room', undefined, bob),
      jsonRequest('POST', '/api/rooms/a-room/sessions', {}, bob),
      jsonRequest('GET', `/api/sessions/${sessionId}`, undefined, bob),
      jsonRequest('DELETE', `/api/rooms/a-room/sessions/${sessionId}`, undefined, bob),
    ];
    for (const attempt of attempts) {
      const res = await app.inject(attempt);
      expect(res.statusCode, `${attempt.method} ${attempt.url}`).toBe(404);
      expect(res.body).not.toContain(sessionId);
    }
    // Same answer as for things that do not exist at all: nothing reveals that A's room exists.
    const missing = await app.inject(jsonRequest('GET', '/api/sessions/00000000-0000-4000-8000-000000000000', undefined, bob));
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toBe((await app.inject(jsonRequest('GET', `/api/sessions/${sessionId}`, undefined, bob))).body);
    // Creating a room under a name A owns is refused without touching it.
    expect((await app.inject(jsonRequest('POST', '/api/rooms', { name: 'a-room' }, bob))).statusCode).toBe(409);

    expect((await app.inject(jsonRequest('GET', '/api/sessions', undefined, bob))).json<SessionListResponse>().sessions).toEqual([]);
    expect(fakes.dispatcher.cancelled).toEqual([]);
    expect(fakes.dispatcher.calls).toHaveLength(1);
    expect(fakes.rooms.participants.get('a-room')).toHaveLength(1);

    const own = await app.inject(jsonRequest('GET', `/api/sessions/${sessionId}`, undefined, alice));
    expect(own.json<SessionDetail>().status).toBe('active');
    expect((await app.inject(jsonRequest('GET', '/api/sessions', undefined, alice))).json<SessionListResponse>().sessions).toHaveLength(1);
    const ended = await app.inject(jsonRequest('DELETE', `/api/rooms/a-room/sessions/${sessionId}`, undefined, alice));
    expect(ended.json<SessionSummary>().status).toBe('ended');
  });

  it.each([
    ['no Authorization header', {}],
    ['a malformed key', { authorization: 'Bearer not-a-key' }],
    ['an unknown key', { authorization: `Bearer ${generateApiKey().key}` }],
    ['a known id with the wrong secret', 'wrong-secret'],
    ['Basic auth', { authorization: 'Basic YWxpY2U6cGFzcw==' }],
  ] as const)('answers 401 for %s', async (_label, headers) => {
    current = await startTestApp({ authMode: 'api-key' });
    const { app, fakes } = current;
    let auth: Record<string, string> = headers === 'wrong-secret' ? {} : { ...headers };
    if (headers === 'wrong-secret') {
      const real = parseApiKey((await keyFor(fakes, 'tenant-a')).authorization?.slice('Bearer '.length) ?? '');
      auth = { authorization: `Bearer pk_${real?.keyId}_${generateApiKey().key.split('_').slice(2).join('_')}` };
    }
    for (const request of [jsonRequest('POST', '/api/token', { room: 'r', identity: 'a' }, auth), jsonRequest('GET', '/api/sessions', undefined, auth)]) {
      const res = await app.inject(request);
      expect(res.statusCode).toBe(401);
    }
    expect(fakes.dispatcher.calls).toEqual([]);
  });

  it('keeps only a hash of the key secret', async () => {
    current = await startTestApp({ authMode: 'api-key' });
    const header = await keyFor(current.fakes, 'tenant-a');
    const parsed = parseApiKey(header.authorization?.slice('Bearer '.length) ?? '');
    const record = await current.fakes.store.findApiKey(parsed?.keyId ?? '');
    expect(record?.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(record)).not.toContain(parsed?.secret);
  });

  it('health and the OpenAPI document need no key', async () => {
    current = await startTestApp({ authMode: 'api-key' });
    expect((await current.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    expect((await current.app.inject({ method: 'GET', url: '/api/openapi.json' })).statusCode).toBe(200);
  });
});
