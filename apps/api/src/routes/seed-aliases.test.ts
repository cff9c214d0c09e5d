import { REQUEST_MARKER_HEADER, type ApiError } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { SeedRoom, SeedRoomStatus, SeedSession, SeedToken } from '../seed-shapes.js';
import { jsonRequest, keyFor, startTestApp, type TestApp } from '../testing/app.js';

/**
 * Contract test for the seed projects' routes: each alias is called the way a client of the seed
 * calls it (snake_case bodies, bare POSTs), and its answers are checked field by field against
 * what the OpenAPI document promises.
 */
let current: TestApp | undefined;
afterEach(async () => {
  await current?.app.close();
  current = undefined;
});
/** A body-less state-changing request carries the API's request marker (see README, Security). */
const BARE = { [REQUEST_MARKER_HEADER]: '1' };

async function start(...args: Parameters<typeof startTestApp>): Promise<TestApp> {
  current = await startTestApp(...args);
  return current;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UNKNOWN_SESSION = '00000000-0000-4000-8000-000000000000';

/** Every alias, the OpenAPI path it is documented under, and the Parley route it runs. */
const ALIASES = [
  ['POST', '/api/create-room', '/api/create-room', 'POST /api/rooms'],
  ['POST', '/api/generate-token', '/api/generate-token', 'POST /api/token'],
  ['POST', '/livekit/rooms', '/livekit/rooms', 'POST /api/rooms'],
  ['POST', '/livekit/rooms/lab/join', '/livekit/rooms/{room_name}/join', 'POST /api/rooms/{room}/sessions'],
  ['GET', '/livekit/rooms/lab/status', '/livekit/rooms/{room_name}/status', 'GET /api/rooms/{room}'],
  ['POST', '/livekit/rooms/lab/sessions', '/livekit/rooms/{room_name}/sessions', 'POST /api/rooms/{room}/sessions'],
  ['DELETE', `/livekit/rooms/lab/sessions/${UNKNOWN_SESSION}`, '/livekit/rooms/{room_name}/sessions/{session_id}', 'DELETE /api/rooms/{room}/sessions/{id}'],
  ['GET', '/livekit/sessions', '/livekit/sessions', 'GET /api/sessions'],
  ['GET', '/livekit/health', '/livekit/health', 'GET /api/health'],
] as const;

interface OpenApiDoc {
  paths: Record<string, Record<string, { 'x-parley-alias-of'?: string; security?: unknown[] }>>;
  components: { schemas: Record<string, { required?: string[]; properties?: Record<string, unknown> }> };
}

async function openApi(app: FastifyInstance): Promise<OpenApiDoc> {
  return (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json<OpenApiDoc>();
}

/** The body has exactly the fields the document lists for that schema, all of them required. */
function expectDocumented(doc: OpenApiDoc, schema: string, body: object): void {
  const documented = doc.components.schemas[schema];
  expect(documented, schema).toBeDefined();
  expect(Object.keys(body).sort(), schema).toEqual(Object.keys(documented?.properties ?? {}).sort());
  expect([...(documented?.required ?? [])].sort(), schema).toEqual(Object.keys(body).sort());
}

function jwtClaims(token: string): { sub?: string; name?: string; video?: { room?: string } } {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub?: string; name?: string; video?: { room?: string } };
}

function expectInvalid(res: { statusCode: number; json: <T>() => T }, path: string, message: RegExp): void {
  expect(res.statusCode).toBe(400);
  const body = res.json<ApiError>();
  expect(body.error).toBe('invalid request');
  const detail = body.details?.find((d) => d.path === path);
  expect(detail, JSON.stringify(body)).toBeDefined();
  expect(detail?.message).toMatch(message);
}

describe('token server seed: /api/create-room, /api/generate-token, /api/health', () => {
  it('creates rooms from room_name (or Parley\'s name), idempotently, and generates a name when none is sent', async () => {
    const { app, fakes } = await start();
    const doc = await openApi(app);
    const first = await app.inject(jsonRequest('POST', '/api/create-room', { room_name: 'kitchen' }));
    expect(first.statusCode).toBe(201);
    const room = first.json<SeedRoom>();
    expect(room).toMatchObject({ room_name: 'kitchen', created: true });
    expect(Number.isNaN(Date.parse(room.created_at))).toBe(false);
    expectDocumented(doc, 'SeedRoom', room);
    const again = await app.inject(jsonRequest('POST', '/api/create-room', { room_name: 'kitchen' }));
    expect(again.statusCode).toBe(200);
    expect(again.json<SeedRoom>()).toEqual({ ...room, created: false });
    expect((await app.inject(jsonRequest('POST', '/api/create-room', { name: 'hall' }))).json<SeedRoom>().room_name).toBe('hall');
    const generated = await app.inject({ method: 'POST', url: '/api/create-room', headers: BARE });
    expect(generated.statusCode).toBe(201);
    expect(generated.json<SeedRoom>().room_name).toMatch(/^room-[0-9a-f]{12}$/);
    expect(fakes.rooms.created).toEqual(['kitchen', 'hall', generated.json<SeedRoom>().room_name]);
  });

  it('room and user in, token and URL out, with the AI on its way', async () => {
    const { app, fakes, config } = await start();
    const doc = await openApi(app);
    const res = await app.inject(jsonRequest('POST', '/api/generate-token', { room_name: 'kitchen', participant_name: 'alice' }));
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json<SeedToken>();
    expectDocumented(doc, 'SeedToken', body);
    expect(body).toMatchObject({ url: config.livekit.publicUrl, server_url: config.livekit.publicUrl, room_name: 'kitchen', participant_identity: 'alice' });
    expect(body.participant_token).toBe(body.token);
    expect(body.session_id).toMatch(UUID);
    expect(Date.parse(body.expires_at)).toBeGreaterThan(Date.now());
    // Older seeds sent only participant_name: it is the identity and the display name.
    expect(jwtClaims(body.token)).toMatchObject({ sub: 'alice', name: 'alice', video: { room: 'kitchen' } });
    expect(fakes.dispatcher.calls).toEqual([{ room: 'kitchen', metadata: { sessionId: body.session_id, options: {}, reportKey: expect.any(String) } }]);

    // A second participant joins the same AI session.
    const second = (await app.inject(jsonRequest('POST', '/api/generate-token', { room_name: 'kitchen', participant_name: 'bob' }))).json<SeedToken>();
    expect(second.session_id).toBe(body.session_id);
    expect(fakes.dispatcher.calls).toHaveLength(1);
  });

  it('takes LiveKit\'s standard token-endpoint fields and Parley\'s own names', async () => {
    const { app, fakes } = await start();
    const standard = await app.inject(jsonRequest('POST', '/api/generate-token', { room_name: 'desk', participant_identity: 'u-17', participant_name: 'Alice Smith' }));
    expect(standard.statusCode).toBe(200);
    expect(jwtClaims(standard.json<SeedToken>().token)).toMatchObject({ sub: 'u-17', name: 'Alice Smith' });

    const parley = await app.inject(jsonRequest('POST', '/api/generate-token', { room: 'quiet', identity: 'carol', dispatchAgent: false }));
    expect(parley.statusCode).toBe(200);
    expect(parley.json<SeedToken>()).toMatchObject({ room_name: 'quiet', participant_identity: 'carol', session_id: null });
    const noAgent = await app.inject(jsonRequest('POST', '/api/generate-token', { room_name: 'quiet2', participant_identity: 'dan', dispatch_agent: false }));
    expect(noAgent.json<SeedToken>().session_id).toBeNull();
    expect(fakes.dispatcher.calls.map((call) => call.room)).toEqual(['desk']);
  });

  const invalid: [string, unknown, string, RegExp][] = [
    ['missing room name', { participant_name: 'alice' }, 'room_name', /^room_name is required$/],
    ['missing user', { room_name: 'kitchen' }, 'participant_identity', /^participant_identity is required$/],
    ['bad room name', { room_name: 'bad room!', participant_name: 'alice' }, 'room_name', /room may contain only letters/],
    ['bad room under Parley\'s name', { room: '', identity: 'alice' }, 'room', /room must not be empty/],
    ['a display name used as identity', { room_name: 'kitchen', participant_name: 'Alice Smith' }, 'participant_name', /identity may contain only/],
    ['bad identity', { room_name: 'kitchen', participant_identity: '-x' }, 'participant_identity', /identity may contain only/],
    ['dispatch_agent of wrong type', { room_name: 'kitchen', participant_name: 'a', dispatch_agent: 'yes' }, 'dispatch_agent', /true or false/],
    ['two names for the room', { room_name: 'a', room: 'b', participant_name: 'alice' }, 'room', /send room_name or room, not both/],
    ['a field Parley does not configure', { room_name: 'kitchen', participant_name: 'alice', participant_metadata: '{}' }, 'participant_metadata', /unknown field "participant_metadata"/],
    ['a body that is not an object', ['kitchen'], '', /JSON object/],
  ];
  it.each(invalid)('generate-token refuses %s with 400 naming the field as sent', async (_label, payload, path, message) => {
    const { app, fakes } = await start();
    expectInvalid(await app.inject(jsonRequest('POST', '/api/generate-token', payload)), path, message);
    expect(fakes.dispatcher.calls).toEqual([]);
  });

  it('create-room refuses bad names, unknown fields and names owned by another tenant', async () => {
    const { app, fakes } = await start({ authMode: 'api-key' });
    const alice = await keyFor(fakes, 'tenant-a');
    const bob = await keyFor(fakes, 'tenant-b');
    expectInvalid(await app.inject(jsonRequest('POST', '/api/create-room', { room_name: 'no spaces' }, alice)), 'room_name', /room may contain only letters/);
    expectInvalid(await app.inject(jsonRequest('POST', '/api/create-room', { room_name: 'x', name: 'x' }, alice)), 'name', /not both/);
    expectInvalid(await app.inject(jsonRequest('POST', '/api/create-room', { room_name: 'x', empty_timeout: 60 }, alice)), 'empty_timeout', /unknown field/);
    expect((await app.inject(jsonRequest('POST', '/api/create-room', { room_name: 'a-room' }, alice))).statusCode).toBe(201);
    const taken = await app.inject(jsonRequest('POST', '/api/create-room', { room_name: 'a-room' }, bob));
    expect(taken.statusCode).toBe(409);
    expect(taken.json<ApiError>().error).toMatch(/not available/);
  });

  it('health is Parley\'s own route: 200 when ready, 503 when degraded', async () => {
    const { app, fakes } = await start();
    const ok = await app.inject({ method: 'GET', url: '/api/health' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json<{ status: string }>().status).toBe('ok');
    fakes.livekitProbe.result = { ok: false, error: 'connection refused' };
    expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(503);
  });
});

describe('agent backend seed: /livekit/…', () => {
  it('creates a room, brings the AI in (idempotently), reads its status, lists and ends the session', async () => {
    const { app, fakes } = await start();
    const doc = await openApi(app);
    const created = await app.inject(jsonRequest('POST', '/livekit/rooms', { room_name: 'lab' }));
    expect(created.statusCode).toBe(201);
    expect(created.json<SeedRoom>()).toMatchObject({ room_name: 'lab', created: true });

    // Seed clients POST join with no body at all.
    const joined = await app.inject({ method: 'POST', url: '/livekit/rooms/lab/join', headers: BARE });
    expect(joined.statusCode).toBe(201);
    const session = joined.json<SeedSession>();
    expectDocumented(doc, 'SeedSession', session);
    expect(session).toMatchObject({ room_name: 'lab', status: 'active', ended_at: null, end_reason: null, turn_count: 0, latency: null });
    expect(session.session_id).toMatch(UUID);
    expect(fakes.dispatcher.calls).toEqual([{ room: 'lab', metadata: { sessionId: session.session_id, options: {}, reportKey: expect.any(String) } }]);

    const rejoined = await app.inject(jsonRequest('POST', '/livekit/rooms/lab/join', {}));
    expect(rejoined.statusCode).toBe(200);
    expect(rejoined.json<SeedSession>().session_id).toBe(session.session_id);
    expect(fakes.dispatcher.calls).toHaveLength(1);

    fakes.rooms.participants.set('lab', [
      { identity: 'alice', name: 'Alice', kind: 'user', agentState: null, tracks: [{ sid: 'TR_1', kind: 'audio', source: 'microphone', muted: false }] },
      { identity: 'agent-AJ_1', name: 'agent', kind: 'agent', agentState: 'listening', tracks: [] },
    ]);
    const status = await app.inject({ method: 'GET', url: '/livekit/rooms/lab/status' });
    expect(status.statusCode).toBe(200);
    const room = status.json<SeedRoomStatus>();
    expectDocumented(doc, 'SeedRoomStatus', room);
    expect(room).toMatchObject({ room_name: 'lab', live: true, num_participants: 2, agent: { present: true, state: 'listening' }, active_session_id: session.session_id });
    expect(room.participants[0]).toEqual({ identity: 'alice', name: 'Alice', kind: 'user', agent_state: null, tracks: [{ sid: 'TR_1', kind: 'audio', source: 'microphone', muted: false }] });
    expect(room.participants[1]?.agent_state).toBe('listening');

    const refused = await app.inject(jsonRequest('POST', '/livekit/rooms/lab/sessions', {}));
    expect(refused.statusCode).toBe(409);
    expect(refused.json<ApiError>().error).toMatch(/already has an active session/);

    const listed = await app.inject({ method: 'GET', url: '/livekit/sessions?status=active' });
    expect(listed.statusCode).toBe(200);
    expect(listed.json<{ sessions: SeedSession[] }>().sessions).toEqual([session]);

    const ended = await app.inject({ method: 'DELETE', url: `/livekit/rooms/lab/sessions/${session.session_id}`, headers: BARE });
    expect(ended.statusCode).toBe(200);
    expect(ended.json<SeedSession>()).toMatchObject({ session_id: session.session_id, status: 'ended', end_reason: 'ended-by-api' });
    expect(fakes.dispatcher.cancelled).toEqual(['AD_1']);
    expect(fakes.rooms.participants.get('lab')?.map((p) => p.kind)).toEqual(['user']);
    expect((await app.inject({ method: 'GET', url: '/livekit/sessions?status=active' })).json<{ sessions: SeedSession[] }>().sessions).toEqual([]);

    const next = await app.inject(jsonRequest('POST', '/livekit/rooms/lab/sessions', { instructions: 'Be brief.', vision: true }));
    expect(next.statusCode).toBe(201);
    const nextId = next.json<SeedSession>().session_id;
    expect(fakes.dispatcher.calls[1]).toEqual({ room: 'lab', metadata: { sessionId: nextId, options: { instructions: 'Be brief.', vision: true }, reportKey: expect.any(String) } });
    // Parley's own routes see the very same records.
    expect((await app.inject({ method: 'GET', url: `/api/sessions/${nextId}` })).json<{ room: string }>().room).toBe('lab');
    const all = (await app.inject({ method: 'GET', url: '/livekit/sessions' })).json<{ sessions: SeedSession[] }>().sessions;
    expect(all.map((s) => s.status).sort()).toEqual(['active', 'ended']);
  });

  it('answers errors in the API\'s JSON shape, naming path parameters as the seed does', async () => {
    const { app } = await start();
    expectInvalid(await app.inject({ method: 'GET', url: '/livekit/rooms/bad%20name/status' }), 'room_name', /room may contain only letters/);
    expectInvalid(await app.inject({ method: 'POST', url: '/livekit/rooms/bad%20name/join', headers: BARE }), 'room_name', /room may contain only letters/);
    expectInvalid(await app.inject({ method: 'DELETE', url: '/livekit/rooms/lab/sessions/not-a-uuid', headers: BARE }), 'session_id', /UUID/);
    expectInvalid(await app.inject(jsonRequest('POST', '/livekit/rooms/lab/join', { llm: 'gpt-9' })), 'llm', /not enabled on this server/);
    expectInvalid(await app.inject(jsonRequest('POST', '/livekit/rooms/lab/sessions', { room: 'lab' })), 'room', /unknown field "room"/);
    expectInvalid(await app.inject(jsonRequest('POST', '/livekit/rooms', { room_name: '' })), 'room_name', /must not be empty/);
    expectInvalid(await app.inject({ method: 'GET', url: '/livekit/sessions?status=maybe' }), 'status', /"active" or "ended"/);

    const unknownRoom = await app.inject({ method: 'GET', url: '/livekit/rooms/nowhere/status' });
    expect(unknownRoom.statusCode).toBe(404);
    expect(unknownRoom.json<ApiError>()).toEqual({ error: 'room not found' });
    const unknownSession = await app.inject({ method: 'DELETE', url: `/livekit/rooms/lab/sessions/${UNKNOWN_SESSION}`, headers: BARE });
    expect(unknownSession.statusCode).toBe(404);
    expect(unknownSession.json<ApiError>()).toEqual({ error: 'session not found' });
    const noRoute = await app.inject({ method: 'GET', url: '/livekit/rooms/lab/nothing' });
    expect(noRoute.statusCode).toBe(404);
    expect(noRoute.json<ApiError>().error).toMatch(/no such API route/);
  });

  it('closes the record and answers 502 when LiveKit refuses the agent', async () => {
    const { app, fakes } = await start();
    fakes.dispatcher.failWith = new Error('ECONNREFUSED');
    const res = await app.inject({ method: 'POST', url: '/livekit/rooms/lab/join', headers: BARE });
    expect(res.statusCode).toBe(502);
    expect(res.json<ApiError>().error).toMatch(/could not dispatch the agent/);
    expect(res.body).not.toContain('ECONNREFUSED');
    fakes.dispatcher.failWith = undefined;
    const [session] = (await app.inject({ method: 'GET', url: '/livekit/sessions' })).json<{ sessions: SeedSession[] }>().sessions;
    expect(session).toMatchObject({ status: 'ended', end_reason: 'dispatch-failed' });
  });

  it('health answers like /api/health', async () => {
    const { app, fakes } = await start();
    const ok = await app.inject({ method: 'GET', url: '/livekit/health' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual((await app.inject({ method: 'GET', url: '/api/health' })).json());
    fakes.agentProbe.results.set('http://127.0.0.1:8081', { ok: false, error: 'unreachable' });
    const degraded = await app.inject({ method: 'GET', url: '/livekit/health' });
    expect(degraded.statusCode).toBe(503);
    expect(degraded.json<{ status: string; agent: { registered: boolean } }>()).toMatchObject({ status: 'degraded', agent: { registered: false } });
  });
});

describe('the aliases share Parley\'s auth, rate limits, CORS and documentation', () => {
  it('need an API key in api-key mode (before looking at the body) and keep tenants apart', async () => {
    const { app, fakes } = await start({ authMode: 'api-key' });
    for (const [method, url] of ALIASES) {
      if (url === '/livekit/health') continue;
      // A body with two names for one field is still a 401 first: the guard runs before the body is read.
      const res = await app.inject(jsonRequest(method, url, method === 'POST' ? { room_name: 'a', room: 'b' } : undefined));
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      expect(res.json<ApiError>().error).toMatch(/API key is required/);
    }
    expect((await app.inject({ method: 'GET', url: '/livekit/health' })).statusCode).toBe(200);

    const alice = await keyFor(fakes, 'tenant-a');
    const bob = await keyFor(fakes, 'tenant-b');
    const token = (await app.inject(jsonRequest('POST', '/api/generate-token', { room_name: 'a-room', participant_name: 'alice' }, alice))).json<SeedToken>();
    expect(token.session_id).toMatch(UUID);
    const attempts = [
      jsonRequest('POST', '/api/generate-token', { room_name: 'a-room', participant_name: 'mallory' }, bob),
      jsonRequest('GET', '/livekit/rooms/a-room/status', undefined, bob),
      jsonRequest('POST', '/livekit/rooms/a-room/join', {}, bob),
      jsonRequest('POST', '/livekit/rooms/a-room/sessions', {}, bob),
      jsonRequest('DELETE', `/livekit/rooms/a-room/sessions/${token.session_id}`, undefined, bob),
    ];
    for (const attempt of attempts) {
      const res = await app.inject(attempt);
      expect(res.statusCode, `${attempt.method} ${attempt.url}`).toBe(404);
      expect(res.body).not.toContain(token.session_id);
    }
    expect((await app.inject(jsonRequest('GET', '/livekit/sessions', undefined, bob))).json<{ sessions: unknown[] }>().sessions).toEqual([]);
    expect((await app.inject(jsonRequest('GET', '/livekit/sessions', undefined, alice))).json<{ sessions: unknown[] }>().sessions).toHaveLength(1);
    expect(fakes.dispatcher.calls).toHaveLength(1);
  });

  it('draw from the same rate bucket as the Parley routes', async () => {
    const { app } = await start({ rateLimitPerMinute: 3 });
    const statuses = [
      (await app.inject({ method: 'GET', url: '/api/sessions' })).statusCode,
      (await app.inject({ method: 'GET', url: '/livekit/sessions' })).statusCode,
      (await app.inject(jsonRequest('POST', '/api/create-room', { room_name: 'x' }))).statusCode,
    ];
    expect(statuses).toEqual([200, 200, 201]);
    const limited = await app.inject(jsonRequest('POST', '/api/generate-token', { room_name: 'x', participant_name: 'a' }));
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await app.inject({ method: 'GET', url: '/livekit/sessions' })).statusCode).toBe(429);
    expect((await app.inject({ method: 'GET', url: '/livekit/health' })).statusCode).toBe(200);
  });

  it('answer CORS for allow-listed origins under /livekit too', async () => {
    const { app } = await start({ corsOrigins: ['https://app.example.com'] });
    const preflight = await app.inject({ method: 'OPTIONS', url: '/livekit/rooms/lab/join', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' } });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://app.example.com');
    const other = await app.inject({ method: 'GET', url: '/livekit/sessions', headers: { origin: 'https://evil.example' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('are each documented in the OpenAPI, with the Parley route they run and the same security', async () => {
    const { app } = await start();
    const doc = await openApi(app);
    for (const [method, , path, of] of ALIASES) {
      const operation = doc.paths[path]?.[method.toLowerCase()];
      expect(operation, `${method} ${path}`).toBeDefined();
      expect(operation?.['x-parley-alias-of']).toBe(of);
      const [ofMethod = '', ofPath = ''] = of.split(' ');
      expect(operation?.security).toEqual(doc.paths[ofPath]?.[ofMethod.toLowerCase()]?.security);
    }
    const tokenBody = doc.components.schemas.SeedTokenRequest?.properties ?? {};
    expect(Object.keys(tokenBody).sort()).toEqual(['dispatchAgent', 'dispatch_agent', 'identity', 'name', 'participant_identity', 'participant_name', 'room', 'room_name']);
    // Constraints come from Parley's validators, not a copy.
    expect(tokenBody.room_name).toMatchObject({ maxLength: 64, pattern: expect.any(String) });
  });
});
