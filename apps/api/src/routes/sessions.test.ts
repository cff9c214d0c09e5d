import { AGENT_SUPERSEDED_ERROR, type ApiError, type RoomStatusResponse, type SessionDetail, type SessionListResponse, type SessionQueueResponse, type SessionSummary, type TokenResponse } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { jsonRequest, startTestApp, type TestApp } from '../testing/app.js';
import { agentReportToken } from '../testing/agent-token.js';
import type { Fakes } from '../testing/fakes.js';

/** The token the agent of the `index`-th dispatch would sign, with the key the API handed it. */
function agentToken(fakes: Fakes, sessionId: string, claims: Record<string, unknown> = {}, index = 0): string {
  return agentReportToken(fakes.dispatcher.calls[index]?.metadata.reportKey ?? '', sessionId, claims);
}

let current: TestApp | undefined;
afterEach(async () => {
  await current?.app.close();
  current = undefined;
});
async function start(...args: Parameters<typeof startTestApp>): Promise<TestApp> {
  current = await startTestApp(...args);
  return current;
}

/** Polls until `check` holds, or fails after `timeoutMs`. */
async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('rooms', () => {
  it('creates a room, idempotently, and generates a name when absent', async () => {
    const { app, fakes } = await start();
    const first = await app.inject(jsonRequest('POST', '/api/rooms', { name: 'kitchen' }));
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ name: 'kitchen', created: true });
    const again = await app.inject(jsonRequest('POST', '/api/rooms', { name: 'kitchen' }));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ name: 'kitchen', created: false });
    const generated = await app.inject(jsonRequest('POST', '/api/rooms'));
    expect(generated.statusCode).toBe(201);
    expect(generated.json<{ name: string }>().name).toMatch(/^room-[0-9a-f]{12}$/);
    expect(fakes.rooms.created).toContain('kitchen');
  });

  it('reports participants, tracks and the agent state', async () => {
    const { app, fakes } = await start();
    await app.inject(jsonRequest('POST', '/api/rooms', { name: 'lab' }));
    fakes.rooms.participants.set('lab', [
      { identity: 'alice', name: 'Alice', kind: 'user', agentState: null, tracks: [{ sid: 'TR_1', kind: 'audio', source: 'microphone', muted: false }] },
      { identity: 'agent-AJ_1', name: 'agent', kind: 'agent', agentState: 'listening', tracks: [] },
    ]);
    const res = await app.inject({ method: 'GET', url: '/api/rooms/lab' });
    expect(res.statusCode).toBe(200);
    const body = res.json<RoomStatusResponse>();
    expect(body.live).toBe(true);
    expect(body.agent).toEqual({ present: true, state: 'listening' });
    expect(body.participants[0]?.tracks[0]?.source).toBe('microphone');
    expect((await app.inject({ method: 'GET', url: '/api/rooms/unknown' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/rooms/bad%20name' })).statusCode).toBe(400);
  });
});

describe('sessions', () => {
  it('starts a session with options, lists it, ends it and the agent leaves', async () => {
    const { app, fakes } = await start();
    const started = await app.inject(jsonRequest('POST', '/api/rooms/desk/sessions', { instructions: 'Be brief.', tts: 'festival', vision: true }));
    expect(started.statusCode).toBe(201);
    const summary = started.json<SessionSummary>();
    expect(summary).toMatchObject({ room: 'desk', status: 'active', endedAt: null, turnCount: 0, latency: null });
    expect(fakes.dispatcher.calls).toEqual([
      { room: 'desk', metadata: { sessionId: summary.id, options: { instructions: 'Be brief.', tts: 'festival', vision: true }, reportKey: expect.stringMatching(/^[\w-]{43}$/) } },
    ]);

    const conflict = await app.inject(jsonRequest('POST', '/api/rooms/desk/sessions', {}));
    expect(conflict.statusCode).toBe(409);

    const listed = (await app.inject({ method: 'GET', url: '/api/sessions?status=active' })).json<SessionListResponse>();
    expect(listed.sessions.map((s) => s.id)).toEqual([summary.id]);

    fakes.rooms.participants.set('desk', [{ identity: 'agent-1', name: '', kind: 'agent', agentState: 'listening', tracks: [] }]);
    const ended = await app.inject(jsonRequest('DELETE', `/api/rooms/desk/sessions/${summary.id}`));
    expect(ended.statusCode).toBe(200);
    expect(ended.json<SessionSummary>()).toMatchObject({ status: 'ended', endReason: 'ended-by-api' });
    expect(fakes.dispatcher.cancelled).toEqual(['AD_1']);
    expect(fakes.rooms.participants.get('desk')).toEqual([]);
    // Ending twice is harmless and answers the same record.
    expect((await app.inject(jsonRequest('DELETE', `/api/rooms/desk/sessions/${summary.id}`))).json<SessionSummary>().status).toBe('ended');
    expect((await app.inject({ method: 'GET', url: '/api/sessions?status=ended' })).json<SessionListResponse>().sessions).toHaveLength(1);
  });

  it('refuses providers the server does not allow, naming the field', async () => {
    const { app, fakes } = await start();
    const res = await app.inject(jsonRequest('POST', '/api/rooms/desk/sessions', { llm: 'gpt-9', stt: 'pocketsphinx' }));
    expect(res.statusCode).toBe(400);
    expect(res.json<ApiError>().details).toEqual([{ path: 'llm', message: expect.stringMatching(/not enabled on this server; allowed: echo/) }]);
    expect(fakes.dispatcher.calls).toEqual([]);
  });

  it('closes the record and answers 502 when LiveKit refuses the dispatch', async () => {
    const { app, fakes } = await start();
    fakes.dispatcher.failWith = new Error('ECONNREFUSED');
    const res = await app.inject(jsonRequest('POST', '/api/rooms/desk/sessions', {}));
    expect(res.statusCode).toBe(502);
    fakes.dispatcher.failWith = undefined;
    const [session] = (await app.inject({ method: 'GET', url: '/api/sessions' })).json<SessionListResponse>().sessions;
    expect(session).toMatchObject({ status: 'ended', endReason: 'dispatch-failed' });
  });

  it('token requests join the active session, and start a new one once the agent is gone', async () => {
    const { app, fakes } = await start();
    const first = (await app.inject(jsonRequest('POST', '/api/token', { room: 'r', identity: 'a' }))).json<TokenResponse>();
    const second = (await app.inject(jsonRequest('POST', '/api/token', { room: 'r', identity: 'b' }))).json<TokenResponse>();
    expect(second.sessionId).toBe(first.sessionId);
    expect(fakes.dispatcher.calls).toHaveLength(1);
    fakes.dispatcher.ended.add('AD_1');
    const third = (await app.inject(jsonRequest('POST', '/api/token', { room: 'r', identity: 'c' }))).json<TokenResponse>();
    expect(third.sessionId).not.toBe(first.sessionId);
    const old = (await app.inject({ method: 'GET', url: `/api/sessions/${first.sessionId}` })).json<SessionDetail>();
    expect(old).toMatchObject({ status: 'ended', endReason: 'agent-gone' });
  });

  it('stores agent reports and shows transcript, turns and latency percentiles', async () => {
    const { app, fakes } = await start();
    const { id } = (await app.inject(jsonRequest('POST', '/api/rooms/desk/sessions', {}))).json<SessionSummary>();
    const turn = (turnId: string, endToEndMs: number) => ({
      type: 'turn',
      turn: { turnId, userSpeechEndedAt: Date.now(), endOfUtteranceMs: 500, transcriptionMs: 100, llmFirstTokenMs: 2, ttsFirstByteMs: 80, endToEndMs },
    });
    const events = [
      { type: 'started', at: new Date().toISOString(), room: 'desk', jobId: 'AJ_1' },
      { type: 'transcript', at: '2026-01-01T10:00:00.000Z', role: 'user', text: 'hello there' },
      { type: 'transcript', at: '2026-01-01T10:00:01.000Z', role: 'agent', text: 'hello there, got it' },
      turn('t1', 700),
      turn('t2', 900),
      turn('t3', 2000),
    ];
    const url = `/api/internal/sessions/${id}/events`;
    const accepted = await app.inject(jsonRequest('POST', url, { events }, { authorization: `Bearer ${agentToken(fakes, id)}` }));
    expect(accepted.statusCode).toBe(202);
    const detail = (await app.inject({ method: 'GET', url: `/api/sessions/${id}` })).json<SessionDetail>();
    expect(detail.transcript.map((entry) => entry.role)).toEqual(['user', 'agent']);
    expect(detail.turns).toHaveLength(3);
    expect(detail.latency).toEqual({ p50Ms: 900, p95Ms: 2000 });

    const ended = await app.inject(jsonRequest('POST', url, { events: [{ type: 'ended', at: new Date().toISOString(), reason: 'user left' }] }, { authorization: `Bearer ${agentToken(fakes, id)}` }));
    expect(ended.statusCode).toBe(202);
    expect((await app.inject({ method: 'GET', url: `/api/sessions/${id}` })).json<SessionDetail>()).toMatchObject({ status: 'ended', endReason: 'user left' });
  });

  it.each([
    ['no token', () => undefined],
    ['a LiveKit-secret signature', (_fakes: Fakes, id: string) => `Bearer ${agentReportToken(Buffer.from('test-secret-that-is-long-enough-for-hs256-signing').toString('base64url'), id)}`],
    ['expired', (fakes: Fakes, id: string) => `Bearer ${agentToken(fakes, id, { exp: Math.floor(Date.now() / 1000) - 600 })}`],
    ['too long-lived', (fakes: Fakes, id: string) => `Bearer ${agentToken(fakes, id, { exp: Math.floor(Date.now() / 1000) + 86_400 })}`],
    ['wrong audience', (fakes: Fakes, id: string) => `Bearer ${agentToken(fakes, id, { aud: 'livekit' })}`],
    ['another session id in the claims', (fakes: Fakes) => `Bearer ${agentToken(fakes, '00000000-0000-4000-8000-000000000000')}`],
  ])('rejects agent reports with %s', async (_label, authorizationFor) => {
    const { app, fakes } = await start();
    const { id } = (await app.inject(jsonRequest('POST', '/api/rooms/desk/sessions', {}))).json<SessionSummary>();
    const authorization = authorizationFor(fakes, id);
    const res = await app.inject(
      jsonRequest('POST', `/api/internal/sessions/${id}/events`, { events: [{ type: 'ended', at: new Date().toISOString(), reason: 'x' }] }, authorization ? { authorization } : {}),
    );
    expect(res.statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: `/api/sessions/${id}` })).json<SessionDetail>().status).toBe('active');
  });
});

describe('LiveKit webhooks', () => {
  it('close the active session when the room finishes or its agent leaves; bad signatures are 401', async () => {
    const { app, fakes } = await start();
    const hook = (body: unknown, authorization = 'valid') =>
      app.inject({ method: 'POST', url: '/api/livekit/webhook', headers: { 'content-type': 'application/webhook+json', authorization }, payload: JSON.stringify(body) });
    const { id } = (await app.inject(jsonRequest('POST', '/api/rooms/desk/sessions', {}))).json<SessionSummary>();
    const started = { events: [{ type: 'started', at: new Date().toISOString(), room: 'desk', jobId: 'AJ_1' }] };
    expect((await app.inject(jsonRequest('POST', `/api/internal/sessions/${id}/events`, started, { authorization: `Bearer ${agentToken(fakes, id)}` }))).statusCode).toBe(202);
    expect((await hook({ event: 'room_finished', room: 'desk' }, 'forged')).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: `/api/sessions/${id}` })).json<SessionDetail>().status).toBe('active');
    expect((await hook({ event: 'participant_left', room: 'desk', agent: false })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/api/sessions/${id}` })).json<SessionDetail>().status).toBe('active');
    expect((await hook({ event: 'participant_left', room: 'desk', identity: 'agent-AJ_1', agent: true })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/api/sessions/${id}` })).json<SessionDetail>()).toMatchObject({ status: 'ended', endReason: 'agent-left' });

    const second = (await app.inject(jsonRequest('POST', '/api/rooms/desk/sessions', {}))).json<SessionSummary>();
    await hook({ event: 'room_finished', room: 'desk' });
    expect((await app.inject({ method: 'GET', url: `/api/sessions/${second.id}` })).json<SessionDetail>().endReason).toBe('room-finished');
  });
});

describe('an agent that dies mid-conversation', () => {
  async function startedSession() {
    const test = await start();
    const { app, fakes } = test;
    const hook = (body: unknown) =>
      app.inject({ method: 'POST', url: '/api/livekit/webhook', headers: { 'content-type': 'application/webhook+json', authorization: 'valid' }, payload: JSON.stringify(body) });
    const { id } = (await app.inject(jsonRequest('POST', '/api/rooms/desk/sessions', {}))).json<SessionSummary>();
    const report = (events: unknown[], index = 0) =>
      app.inject(jsonRequest('POST', `/api/internal/sessions/${id}/events`, { events }, { authorization: `Bearer ${agentToken(fakes, id, {}, index)}` }));
    const at = (second: number) => `2026-01-01T10:00:0${second}.000Z`;
    await report([
      { type: 'started', at: at(0), room: 'desk', jobId: 'AJ_1' },
      { type: 'transcript', at: at(1), role: 'user', text: 'my name is Ada' },
      { type: 'transcript', at: at(2), role: 'agent', text: 'Nice to meet you, Ada.' },
    ]);
    fakes.rooms.participants.set('desk', [
      { identity: 'ada', name: 'Ada', kind: 'user', agentState: null, tracks: [] },
      { identity: 'agent-AJ_1', name: 'agent', kind: 'agent', agentState: 'listening', tracks: [] },
    ]);
    return { ...test, id, hook, report };
  }

  it('gets a replacement agent that is given the conversation so far, while the person is still there', async () => {
    const { app, fakes, id, hook, report } = await startedSession();
    expect((await hook({ event: 'participant_left', room: 'desk', identity: 'agent-AJ_1', agent: true })).statusCode).toBe(200);

    expect((await app.inject({ method: 'GET', url: `/api/sessions/${id}` })).json<SessionDetail>().status).toBe('active');
    // Through the dispatch queue, which tries a replacement at once.
    await eventually(() => fakes.dispatcher.calls.length === 2);
    expect(fakes.dispatcher.cancelled).toEqual(['AD_1']);
    const replacement = fakes.dispatcher.calls[1]?.metadata;
    expect(replacement).toMatchObject({ sessionId: id, resume: { attempt: 1, history: [{ role: 'user', text: 'my name is Ada' }, { role: 'agent', text: 'Nice to meet you, Ada.' }] } });
    expect(replacement?.reportKey).toBe(fakes.dispatcher.calls[0]?.metadata.reportKey);

    // The replacement reports its own job and carries on; the dead agent's late webhook changes nothing.
    expect((await report([{ type: 'started', at: new Date().toISOString(), room: 'desk', jobId: 'AJ_2' }], 1)).statusCode).toBe(202);
    await hook({ event: 'participant_left', room: 'desk', identity: 'agent-AJ_1', agent: true });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fakes.dispatcher.calls).toHaveLength(2);
    expect((await app.inject({ method: 'GET', url: `/api/sessions/${id}` })).json<SessionDetail>().status).toBe('active');
  });

  it("lets a person back in when the room's LiveKit node died, and queues a replacement until the room answers again", async () => {
    const { app, fakes, id, hook } = await startedSession();
    // What LiveKit answers about a room whose node is dead: the relay to it finds no server.
    fakes.dispatcher.failWith = new Error('twirp error unknown: no response from servers');
    const rejoin = await app.inject(jsonRequest('POST', '/api/token', { room: 'desk', identity: 'ada' }));
    expect(rejoin.statusCode).toBe(200);
    expect(rejoin.json<TokenResponse>().token).toBeTruthy();
    expect((await app.inject({ method: 'GET', url: `/api/sessions/${id}` })).json<SessionDetail>().status).toBe('active');
    // Once the person's join has brought the room back, the queue's retry dispatches the replacement, with the conversation.
    expect((await app.inject({ method: 'GET', url: `/api/sessions/${id}/queue` })).json<SessionQueueResponse>().queue?.state).toBe('queued');
    // The room came back on a live node without its old agent: the old dispatch has no job any more.
    fakes.dispatcher.served.delete('AD_1');
    fakes.dispatcher.failWith = undefined;
    // The queue tries again on its timer in production (off in this test app); any freed slot kicks it too.
    await hook({ event: 'participant_left', room: 'elsewhere', identity: 'agent-AJ_9', agent: true });
    await eventually(() => fakes.dispatcher.calls.length === 2, 10_000);
    expect(fakes.dispatcher.calls[1]?.metadata).toMatchObject({ sessionId: id, resume: { attempt: 1, history: [{ role: 'user', text: 'my name is Ada' }, { role: 'agent', text: 'Nice to meet you, Ada.' }] } });
  }, 20_000);

  it('still refuses with 502 when LiveKit itself cannot be reached (the agent may be alive)', async () => {
    const { app, fakes } = await startedSession();
    fakes.dispatcher.failWith = new Error('fetch failed: connect ECONNREFUSED 127.0.0.1:7880');
    const rejoin = await app.inject(jsonRequest('POST', '/api/token', { room: 'desk', identity: 'ada' }));
    expect(rejoin.statusCode).toBe(502);
    expect(fakes.dispatcher.calls).toHaveLength(1);
  });

  it('waits for a slot ahead of new sessions when every worker is full, and still gets the conversation', async () => {
    const { app, fakes, id, hook } = await startedSession();
    fakes.dispatcher.full = true;
    // Someone new asks first; then the agent dies while every slot is taken.
    const newcomer = (await app.inject(jsonRequest('POST', '/api/rooms/lobby/sessions', {}))).json<SessionSummary>();
    await hook({ event: 'participant_left', room: 'desk', identity: 'agent-AJ_1', agent: true });
    const queue = async (sessionId: string) => (await app.inject({ method: 'GET', url: `/api/sessions/${sessionId}/queue` })).json<SessionQueueResponse>().queue;
    await eventually(async () => (await queue(id))?.position === 1 && (await queue(newcomer.id))?.position === 2);
    // A slot frees: the conversation that lost its agent gets it, with its history.
    fakes.dispatcher.full = false;
    await hook({ event: 'participant_left', room: 'elsewhere', identity: 'agent-AJ_9', agent: true });
    await eventually(async () => (await queue(id)) === null, 10_000);
    const replacement = fakes.dispatcher.calls.find((call) => call.room === 'desk' && call.metadata.resume !== undefined);
    expect(replacement?.metadata.resume?.history).toHaveLength(2);
    expect((await app.inject({ method: 'GET', url: `/api/sessions/${id}` })).json<SessionDetail>().status).toBe('active');
  }, 20_000);

  it('keeps the first agent that starts and refuses a second job of the same session, storing nothing it reports', async () => {
    const { app, fakes, id, hook } = await startedSession();
    await hook({ event: 'participant_left', room: 'desk', identity: 'agent-AJ_1', agent: true });
    await eventually(() => fakes.dispatcher.calls.length === 2);
    const reportAs = (jobId: string, events: unknown[]) =>
      app.inject(jsonRequest('POST', `/api/internal/sessions/${id}/events`, { events, jobId }, { authorization: `Bearer ${agentToken(fakes, id, {}, 1)}` }));
    // Two jobs for the replacement (a slow one whose dispatch was given up, and the next): the first to start keeps it.
    expect((await reportAs('AJ_2', [{ type: 'started', at: new Date().toISOString(), room: 'desk', jobId: 'AJ_2' }])).statusCode).toBe(202);
    const refused = await reportAs('AJ_3', [
      { type: 'started', at: new Date().toISOString(), room: 'desk', jobId: 'AJ_3' },
      { type: 'transcript', at: new Date().toISOString(), role: 'agent', text: 'Sorry, I dropped out for a moment.' },
    ]);
    expect(refused.statusCode).toBe(409);
    expect(refused.json<ApiError>().error).toBe(AGENT_SUPERSEDED_ERROR);
    expect((await reportAs('AJ_2', [{ type: 'transcript', at: new Date().toISOString(), role: 'agent', text: 'I am back.' }])).statusCode).toBe(202);
    const detail = (await app.inject({ method: 'GET', url: `/api/sessions/${id}` })).json<SessionDetail>();
    expect(detail.transcript.map((entry) => entry.text)).toEqual(['my name is Ada', 'Nice to meet you, Ada.', 'I am back.']);
  });

  it('stops replacing an agent that keeps dying', async () => {
    const { app, fakes, id, hook, report } = await startedSession();
    for (let death = 1; death <= 3; death++) {
      await hook({ event: 'participant_left', room: 'desk', identity: `agent-AJ_${death}`, agent: true });
      await eventually(() => fakes.dispatcher.calls.length === death + 1);
      await report([{ type: 'started', at: new Date().toISOString(), room: 'desk', jobId: `AJ_${death + 1}` }], death);
    }
    await hook({ event: 'participant_left', room: 'desk', identity: 'agent-AJ_4', agent: true });
    expect(fakes.dispatcher.calls).toHaveLength(4);
    expect((await app.inject({ method: 'GET', url: `/api/sessions/${id}` })).json<SessionDetail>()).toMatchObject({ status: 'ended', endReason: 'agent-left' });
  });

  it('closes the session when nobody is left in the room', async () => {
    const { app, fakes, id, hook } = await startedSession();
    fakes.rooms.participants.set('desk', [{ identity: 'agent-AJ_1', name: 'agent', kind: 'agent', agentState: 'listening', tracks: [] }]);
    await hook({ event: 'participant_left', room: 'desk', identity: 'agent-AJ_1', agent: true });
    expect(fakes.dispatcher.calls).toHaveLength(1);
    expect((await app.inject({ method: 'GET', url: `/api/sessions/${id}` })).json<SessionDetail>()).toMatchObject({ status: 'ended', endReason: 'agent-left' });
  });
});

describe('OpenAPI, CORS and rate limits', () => {
  it('serves an OpenAPI document covering every route, with schemas from zod', async () => {
    const { app } = await start();
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/auth/config',
      '/api/auth/me',
      '/api/auth/password',
      '/api/auth/sign-in',
      '/api/auth/sign-out',
      '/api/create-room',
      '/api/generate-token',
      '/api/health',
      '/api/internal/sessions/{id}/events',
      '/api/livekit/webhook',
      '/api/openapi.json',
      '/api/rooms',
      '/api/rooms/{room}',
      '/api/rooms/{room}/sessions',
      '/api/rooms/{room}/sessions/{id}',
      '/api/sessions',
      '/api/sessions/{id}',
      '/api/sessions/{id}/queue',
      '/api/token',
      '/livekit/health',
      '/livekit/rooms',
      '/livekit/rooms/{room_name}/join',
      '/livekit/rooms/{room_name}/sessions',
      '/livekit/rooms/{room_name}/sessions/{session_id}',
      '/livekit/rooms/{room_name}/status',
      '/livekit/sessions',
    ]);
    expect(Object.keys(doc.components.schemas.SessionOptions?.properties ?? {}).sort()).toEqual(['instructions', 'llm', 'stt', 'tts', 'vision', 'voice']);
    expect(Object.keys(doc.components.schemas.TokenRequest?.properties ?? {})).toContain('dispatchAgent');
  });

  it('answers CORS only for allow-listed origins', async () => {
    const { app } = await start({ corsOrigins: ['https://app.example.com'] });
    const allowed = await app.inject({ method: 'OPTIONS', url: '/api/token', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' } });
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(allowed.headers['access-control-allow-headers']).toMatch(/authorization/);
    expect(allowed.headers['access-control-allow-headers']).toMatch(/x-parley-request/);
    const other = await app.inject({ method: 'OPTIONS', url: '/api/token', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const get = await app.inject({ method: 'GET', url: '/api/sessions', headers: { origin: 'https://evil.example' } });
    expect(get.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('rate limits each caller with 429 and Retry-After', async () => {
    const { app } = await start({ rateLimitPerMinute: 5 });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1) statuses.push((await app.inject({ method: 'GET', url: '/api/sessions' })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const limited = await app.inject({ method: 'GET', url: '/api/sessions' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Health stays reachable for probes.
    expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
  });
});
