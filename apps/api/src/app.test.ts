import { type ApiError, type HealthResponse, type TokenResponse } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import { TokenVerifier, TrackSource } from 'livekit-server-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { fakeDeps, type Fakes, makeWebDist, TEST_KEY, TEST_SECRET, testConfig } from './testing/fakes.js';

let app: FastifyInstance | undefined;

async function start(overrides: Partial<Config> = {}): Promise<{ app: FastifyInstance; fakes: Fakes; config: Config }> {
  const config = testConfig(overrides);
  const fakes = await fakeDeps(config);
  app = await buildApp(config, fakes.deps, { logger: false, closeStore: true });
  return { app, fakes, config };
}

afterEach(async () => {
  await app?.close();
  app = undefined;
});

function postToken(instance: FastifyInstance, payload: unknown, headers: Record<string, string> = {}) {
  return instance.inject({
    method: 'POST',
    url: '/api/token',
    headers: { 'content-type': 'application/json', ...headers },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}

describe('POST /api/token', () => {
  it('mints a least-privilege token for the room and dispatches the agent', async () => {
    const { app, fakes } = await start();
    const before = Math.floor(Date.now() / 1000);
    const res = await postToken(app, { room: 'kitchen-1', identity: 'alice', name: 'Alice' });

    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json<TokenResponse>();
    expect(body.serverUrl).toBe('wss://livekit.example.test');
    expect(body.room).toBe('kitchen-1');
    expect(body.identity).toBe('alice');

    const claims = await new TokenVerifier(TEST_KEY, TEST_SECRET).verify(body.token);
    expect(claims.sub).toBe('alice');
    expect(claims.name).toBe('Alice');
    expect(claims.iss).toBe(TEST_KEY);
    expect(claims.exp).toBeDefined();
    const ttl = (claims.exp ?? 0) - before;
    expect(ttl).toBeGreaterThanOrEqual(599);
    expect(ttl).toBeLessThanOrEqual(601);
    expect(new Date(body.expiresAt).getTime()).toBe((claims.exp ?? 0) * 1000);

    const video = claims.video ?? {};
    expect(video.room).toBe('kitchen-1');
    expect(video.roomJoin).toBe(true);
    expect(video.canSubscribe).toBe(true);
    expect(video.canPublish).toBe(true);
    expect(video.canPublishData).toBe(true);
    expect(video.roomAdmin).toBeFalsy();
    expect(video.roomCreate).toBeFalsy();
    expect(video.roomList).toBeFalsy();
    expect(video.roomRecord).toBeFalsy();
    expect(video.agent).toBeFalsy();
    expect(video.canUpdateOwnMetadata).toBeFalsy();
    // The SDK serialises sources by name in the JWT.
    const sources = (video.canPublishSources ?? []).map(String).sort();
    const expected = [TrackSource.CAMERA, TrackSource.MICROPHONE, TrackSource.SCREEN_SHARE, TrackSource.SCREEN_SHARE_AUDIO];
    expect(sources).toHaveLength(expected.length);
    expect(sources).toEqual(['camera', 'microphone', 'screen_share', 'screen_share_audio']);

    // Dispatch is explicit (server API), not carried in the token; it starts a session record.
    expect(claims.roomConfig).toBeUndefined();
    expect(body.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(fakes.dispatcher.calls).toEqual([{ room: 'kitchen-1', metadata: { sessionId: body.sessionId, options: {}, reportKey: expect.stringMatching(/^[\w-]{43}$/) } }]);
    // The agent's key is for the agent alone: never in what the browser gets.
    expect(res.body).not.toContain(fakes.dispatcher.calls[0]?.metadata.reportKey);
  });

  it('honours the configured TTL', async () => {
    const { app } = await start({ tokenTtlSeconds: 120 });
    const res = await postToken(app, { room: 'r', identity: 'bob' });
    const claims = await new TokenVerifier(TEST_KEY, TEST_SECRET).verify(res.json<TokenResponse>().token);
    expect((claims.exp ?? 0) - (claims.nbf ?? 0)).toBe(120);
  });

  it('skips dispatch when dispatchAgent is false', async () => {
    const { app, fakes } = await start();
    const res = await postToken(app, { room: 'quiet', identity: 'bob', dispatchAgent: false });
    expect(res.statusCode).toBe(200);
    expect(fakes.dispatcher.calls).toEqual([]);
  });

  it('answers 502 without a token when LiveKit refuses the dispatch', async () => {
    const { app, fakes } = await start();
    fakes.dispatcher.failWith = new Error('connect ECONNREFUSED 127.0.0.1:7880 secret-detail');
    const res = await postToken(app, { room: 'r', identity: 'bob' });
    expect(res.statusCode).toBe(502);
    const body = res.json<ApiError & { token?: string }>();
    expect(body.error).toMatch(/could not dispatch the agent/);
    expect(body.token).toBeUndefined();
    expect(res.body).not.toContain('secret-detail');
    expect(res.body).not.toContain('ECONNREFUSED');
  });

  const invalid: [string, unknown, string, RegExp][] = [
    ['bad room characters', { room: 'bad room!', identity: 'a' }, 'room', /room may contain only letters/],
    ['empty room', { room: '', identity: 'a' }, 'room', /room must not be empty/],
    ['room too long', { room: 'x'.repeat(65), identity: 'a' }, 'room', /at most 64/],
    ['missing room', { identity: 'a' }, 'room', /room is required/],
    ['room of wrong type', { room: 42, identity: 'a' }, 'room', /room must be a string/],
    ['bad identity', { room: 'r', identity: '-alice' }, 'identity', /identity may contain only/],
    ['missing identity', { room: 'r' }, 'identity', /identity is required/],
    ['name with control chars', { room: 'r', identity: 'a', name: 'a\u0007b' }, 'name', /control characters/],
    ['dispatchAgent of wrong type', { room: 'r', identity: 'a', dispatchAgent: 'yes' }, 'dispatchAgent', /true or false/],
    ['unknown field', { room: 'r', identity: 'a', admin: true }, 'admin', /unknown field "admin"/],
    ['array body', [1, 2], '', /JSON object/],
    ['null body', null, '', /JSON object/],
  ];
  it.each(invalid)('rejects %s with 400 naming the field', async (_label, payload, path, message) => {
    const { app, fakes } = await start();
    const res = await postToken(app, payload);
    expect(res.statusCode).toBe(400);
    const body = res.json<ApiError>();
    expect(body.error).toBe('invalid request');
    const detail = body.details?.find((d) => d.path === path);
    expect(detail, JSON.stringify(body)).toBeDefined();
    expect(detail?.message).toMatch(message);
    expect(fakes.dispatcher.calls).toEqual([]);
  });

  it('reports every invalid field at once', async () => {
    const { app } = await start();
    const res = await postToken(app, { room: '!', identity: '!', extra: 1 });
    const paths = res.json<ApiError>().details?.map((d) => d.path).sort();
    expect(paths).toEqual(['extra', 'identity', 'room']);
  });

  it('rejects malformed JSON with 400', async () => {
    const { app } = await start();
    const res = await postToken(app, '{"room": "r", identity');
    expect(res.statusCode).toBe(400);
    expect(res.json<ApiError>()).toEqual({ error: 'request body is not valid JSON' });
  });

  it('rejects an empty JSON body with 400', async () => {
    const { app } = await start();
    const res = await postToken(app, '');
    expect(res.statusCode).toBe(400);
    expect(res.json<ApiError>().error).toMatch(/must not be empty/);
  });

  it('rejects a missing body with 403 (a cross-site form could send one), and with 400 from our client', async () => {
    const { app } = await start();
    expect((await app.inject({ method: 'POST', url: '/api/token' })).statusCode).toBe(403);
    const res = await app.inject({ method: 'POST', url: '/api/token', headers: { 'x-parley-request': '1' } });
    expect(res.statusCode).toBe(400);
    expect(res.json<ApiError>().details?.[0]?.message).toMatch(/JSON object/);
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'rejects Content-Type %s with 415',
    async (contentType) => {
      const { app } = await start();
      const res = await postToken(app, 'room=r&identity=a', { 'content-type': contentType });
      expect(res.statusCode).toBe(415);
      expect(res.json<ApiError>().error).toMatch(/application\/json/);
    },
  );

  it('accepts application/json with a charset', async () => {
    const { app } = await start();
    const res = await postToken(app, { room: 'r', identity: 'a' }, { 'content-type': 'application/json; charset=utf-8' });
    expect(res.statusCode).toBe(200);
  });

  it('rejects bodies over 16 KiB with 413', async () => {
    const { app } = await start();
    const res = await postToken(app, { room: 'r', identity: 'a', name: 'x'.repeat(17 * 1024) });
    expect(res.statusCode).toBe(413);
    expect(res.json<ApiError>()).toEqual({ error: 'request body is too large' });
  });

  it('only accepts POST', async () => {
    const { app } = await start();
    const res = await app.inject({ method: 'GET', url: '/api/token' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
  });
});

describe('GET /api/health', () => {
  it('is 200 when LiveKit and every agent worker are healthy', async () => {
    const { app } = await start({ agentHealthUrls: ['http://a:8081', 'http://b:8081'] });
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json<HealthResponse>()).toEqual({
      status: 'ok',
      livekit: { reachable: true, url: 'ws://127.0.0.1:7880' },
      agent: { registered: true, workers: 2 },
      store: { ready: true, kind: 'sqlite' },
    });
  });

  it('is 503 when LiveKit is unreachable', async () => {
    const { app, fakes } = await start();
    fakes.livekitProbe.result = { ok: false, error: 'timed out' };
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(503);
    const body = res.json<HealthResponse>();
    expect(body.status).toBe('degraded');
    expect(body.livekit).toEqual({ reachable: false, url: 'ws://127.0.0.1:7880', error: 'timed out' });
    expect(body.agent.registered).toBe(true);
  });

  it('is 503 when an agent worker is not registered', async () => {
    const { app, fakes } = await start({ agentHealthUrls: ['http://a:8081', 'http://b:8081'] });
    fakes.agentProbe.results.set('http://b:8081', { ok: false, error: 'http://b:8081 answered HTTP 503' });
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(503);
    const body = res.json<HealthResponse>();
    expect(body.livekit.reachable).toBe(true);
    expect(body.agent).toEqual({ registered: false, workers: 1, error: 'http://b:8081 answered HTTP 503' });
  });

  it('survives a probe that throws', async () => {
    const { app, fakes } = await start();
    fakes.livekitProbe.check = () => Promise.reject(new Error('boom'));
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(503);
    expect(res.json<HealthResponse>().livekit).toMatchObject({ reachable: false, error: 'boom' });
  });
});

describe('web client and routing', () => {
  it('serves index.html at / and for client-side routes', async () => {
    const { app } = await start({ webDist: makeWebDist() });
    for (const url of ['/', '/room/kitchen', '/settings?x=1']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.body).toContain('<title>Parley</title>');
    }
  });

  it('serves static assets and 404s missing ones instead of returning HTML', async () => {
    const { app } = await start({ webDist: makeWebDist() });
    const asset = await app.inject({ method: 'GET', url: '/assets/app-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.body).toContain('parley');
    const missing = await app.inject({ method: 'GET', url: '/assets/nope-123.js' });
    expect(missing.statusCode).toBe(404);
  });

  it('answers unknown /api routes with JSON 404, never the SPA', async () => {
    const { app } = await start({ webDist: makeWebDist() });
    for (const [method, url] of [['GET', '/api/nope'], ['POST', '/api/nope'], ['GET', '/api']] as const) {
      const res = await app.inject({ method, url, headers: { 'x-parley-request': '1' } });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(res.json<ApiError>().error).toMatch(/no such API route/);
    }
  });

  it('explains how to build when the web client is missing', async () => {
    const { app } = await start();
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.body).toMatch(/npm run build/);
  });

  it('sends security headers with a CSP that allows LiveKit and local media', async () => {
    const { app } = await start({ webDist: makeWebDist() });
    const res = await app.inject({ method: 'GET', url: '/' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toMatch(/connect-src 'self' wss:\/\/livekit\.example\.test https:\/\/livekit\.example\.test/);
    expect(csp).toMatch(/media-src 'self' blob: mediastream:/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('tags responses with a request id, reusing a sane incoming one', async () => {
    const { app } = await start();
    const fresh = await app.inject({ method: 'GET', url: '/api/health' });
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const reused = await app.inject({ method: 'GET', url: '/api/health', headers: { 'x-request-id': 'proxy-123' } });
    expect(reused.headers['x-request-id']).toBe('proxy-123');
    const hostile = await app.inject({ method: 'GET', url: '/api/health', headers: { 'x-request-id': 'a\nb'.repeat(50) } });
    expect(hostile.headers['x-request-id']).not.toContain('\n');
  });
});
