import type { ApiError, SessionDetail, SessionSummary, TokenResponse } from '@parley/protocol';
import { AccessToken } from 'livekit-server-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { agentReportToken } from './testing/agent-token.js';
import { jsonRequest, keyFor, startTestApp, type TestApp } from './testing/app.js';
import { TEST_KEY, TEST_SECRET } from './testing/fakes.js';

/**
 * Regression tests for the holes listed in issue 12, written from the attacker's side: what they
 * send and what they get back, and that the stored session did not change.
 */
let current: TestApp | undefined;
afterEach(async () => {
  await current?.app.close();
  current = undefined;
});
async function start(...args: Parameters<typeof startTestApp>): Promise<TestApp> {
  current = await startTestApp(...args);
  return current;
}

const MARKER = { 'x-parley-request': '1' };
const transcriptLine = (text: string) => ({ events: [{ type: 'transcript', at: new Date().toISOString(), role: 'agent', text }] });

async function detail(test: TestApp, id: string): Promise<SessionDetail> {
  return (await test.app.inject(jsonRequest('GET', `/api/sessions/${id}`))).json<SessionDetail>();
}

describe('hole: a participant token authenticates as the agent', () => {
  it.each(['agent', 'agent-AJ_abc123', 'Agent-x', 'AGENT'])('POST /api/token refuses the agent identity %s', async (identity) => {
    const test = await start();
    const res = await test.app.inject(jsonRequest('POST', '/api/token', { room: 'desk', identity }));
    expect(res.statusCode).toBe(400);
    expect(res.json<ApiError>().details).toEqual([{ path: 'identity', message: expect.stringMatching(/reserved for the AI agent/) }]);
    expect(res.body).not.toMatch(/"token"/);
    expect(test.fakes.dispatcher.calls).toEqual([]);
  });

  it('still mints tokens for ordinary identities that merely contain the word', async () => {
    const test = await start();
    for (const identity of ['agentsmith', 'secret-agent', 'user-agent-1']) {
      expect((await test.app.inject(jsonRequest('POST', '/api/token', { room: 'desk', identity, dispatchAgent: false }))).statusCode, identity).toBe(200);
    }
  });

  it('a LiveKit participant token for identity "agent" cannot write a transcript or end the session', async () => {
    const test = await start();
    const { id } = (await test.app.inject(jsonRequest('POST', '/api/rooms/desk/sessions', {}))).json<SessionSummary>();
    // What anyone could get before: a participant token, HS256 with the LiveKit secret, iss = key, sub = agent.
    const participant = await new AccessToken(TEST_KEY, TEST_SECRET, { identity: 'agent', ttl: 600 }).toJwt();
    const url = `/api/internal/sessions/${id}/events`;
    const forged = await test.app.inject(jsonRequest('POST', url, transcriptLine('injected by a participant'), { authorization: `Bearer ${participant}` }));
    expect(forged.statusCode).toBe(401);
    const ending = await test.app.inject(
      jsonRequest('POST', url, { events: [{ type: 'ended', at: new Date().toISOString(), reason: 'forged' }] }, { authorization: `Bearer ${participant}` }),
    );
    expect(ending.statusCode).toBe(401);
    const after = await detail(test, id);
    expect(after.transcript).toEqual([]);
    expect(after.status).toBe('active');
  });

  it('the agent credential handed out for one session does not work for another session', async () => {
    const test = await start();
    const first = (await test.app.inject(jsonRequest('POST', '/api/rooms/one/sessions', {}))).json<SessionSummary>();
    const second = (await test.app.inject(jsonRequest('POST', '/api/rooms/two/sessions', {}))).json<SessionSummary>();
    const firstKey = test.fakes.dispatcher.calls[0]?.metadata.reportKey ?? '';
    expect(firstKey).not.toBe('');
    const ok = await test.app.inject(jsonRequest('POST', `/api/internal/sessions/${first.id}/events`, transcriptLine('mine'), { authorization: `Bearer ${agentReportToken(firstKey, first.id)}` }));
    expect(ok.statusCode).toBe(202);
    // Same key, other session id in the URL and in the claims: both refused.
    for (const token of [agentReportToken(firstKey, first.id), agentReportToken(firstKey, second.id)]) {
      const res = await test.app.inject(jsonRequest('POST', `/api/internal/sessions/${second.id}/events`, transcriptLine('not mine'), { authorization: `Bearer ${token}` }));
      expect(res.statusCode).toBe(401);
    }
    expect((await detail(test, second.id)).transcript).toEqual([]);
    expect((await detail(test, first.id)).transcript.map((line) => line.text)).toEqual(['mine']);
  });

  it('events for an ended session are refused with 409 and change nothing', async () => {
    const test = await start();
    const { id } = (await test.app.inject(jsonRequest('POST', '/api/rooms/desk/sessions', {}))).json<SessionSummary>();
    const key = test.fakes.dispatcher.calls[0]?.metadata.reportKey ?? '';
    expect((await test.app.inject(jsonRequest('DELETE', `/api/rooms/desk/sessions/${id}`))).statusCode).toBe(200);
    const late = await test.app.inject(jsonRequest('POST', `/api/internal/sessions/${id}/events`, transcriptLine('after the end'), { authorization: `Bearer ${agentReportToken(key, id)}` }));
    expect(late.statusCode).toBe(409);
    expect(late.json<ApiError>().error).toMatch(/session has ended/);
    const after = await detail(test, id);
    expect(after.transcript).toEqual([]);
    expect(after.endReason).toBe('ended-by-api');
  });

  it('rate-limits agent reports per session with 429', async () => {
    const test = await start();
    const { id } = (await test.app.inject(jsonRequest('POST', '/api/rooms/desk/sessions', {}))).json<SessionSummary>();
    const key = test.fakes.dispatcher.calls[0]?.metadata.reportKey ?? '';
    const statuses: number[] = [];
    for (let index = 0; index < 80; index += 1) {
      const res = await test.app.inject(jsonRequest('POST', `/api/internal/sessions/${id}/events`, transcriptLine(`line ${index}`), { authorization: `Bearer ${agentReportToken(key, id)}` }));
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 60).every((status) => status === 202)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('refuses unauthenticated floods per client address with 429', async () => {
    const test = await start({ rateLimitPerMinute: 5 });
    const { id } = (await test.app.inject(jsonRequest('POST', '/api/rooms/desk/sessions', {}))).json<SessionSummary>();
    const statuses: number[] = [];
    for (let index = 0; index < 8; index += 1) {
      statuses.push((await test.app.inject(jsonRequest('POST', `/api/internal/sessions/${id}/events`, transcriptLine('x'), { authorization: 'Bearer nope' }))).statusCode);
    }
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(statuses.at(-1)).toBe(429);
  });

  it('refuses agent reports over 512 KiB with 413', async () => {
    const test = await start();
    const { id } = (await test.app.inject(jsonRequest('POST', '/api/rooms/desk/sessions', {}))).json<SessionSummary>();
    const res = await test.app.inject(jsonRequest('POST', `/api/internal/sessions/${id}/events`, { events: [], padding: 'x'.repeat(600 * 1024) }, { authorization: 'Bearer x' }));
    expect(res.statusCode).toBe(413);
  });
});

describe('hole: cross-site requests', () => {
  it('a body-less POST (what any web page can send) does not start an agent session', async () => {
    const test = await start();
    const res = await test.app.inject({ method: 'POST', url: '/api/rooms/desk/sessions', headers: { origin: 'https://evil.example' } });
    expect(res.statusCode).toBe(403);
    const plain = await test.app.inject({ method: 'POST', url: '/api/rooms/desk/sessions' });
    expect(plain.statusCode).toBe(403);
    expect(plain.json<ApiError>().error).toMatch(/Content-Type: application\/json.*X-Parley-Request/);
    // The content types a form or a no-cors fetch may set are refused too, with or without a body.
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      expect((await test.app.inject({ method: 'POST', url: '/api/rooms/desk/sessions', headers: { 'content-type': type } })).statusCode, type).toBe(415);
      expect((await test.app.inject({ method: 'POST', url: '/api/rooms/desk/sessions', headers: { 'content-type': type }, payload: 'a=1' })).statusCode, type).toBe(415);
    }
    expect(test.fakes.dispatcher.calls).toEqual([]);
  });

  it('a body-less POST or DELETE with the X-Parley-Request header works', async () => {
    const test = await start();
    const started = await test.app.inject({ method: 'POST', url: '/api/rooms/desk/sessions', headers: MARKER });
    expect(started.statusCode).toBe(201);
    const { id } = started.json<SessionSummary>();
    const bare = await test.app.inject({ method: 'DELETE', url: `/api/rooms/desk/sessions/${id}` });
    expect(bare.statusCode).toBe(403);
    expect((await detail(test, id)).status).toBe('active');
    const ended = await test.app.inject({ method: 'DELETE', url: `/api/rooms/desk/sessions/${id}`, headers: MARKER });
    expect(ended.statusCode).toBe(200);
  });

  it('a program with an API key needs no marker: a cross-site page cannot send an Authorization header', async () => {
    const test = await start({ authMode: 'api-key' });
    const auth = await keyFor(test.fakes, 'acme');
    const started = await test.app.inject({ method: 'POST', url: '/api/rooms/desk/sessions', headers: auth });
    expect(started.statusCode).toBe(201);
    const { id } = started.json<SessionSummary>();
    expect((await test.app.inject({ method: 'DELETE', url: `/api/rooms/desk/sessions/${id}`, headers: auth })).statusCode).toBe(200);
    // With a foreign Origin the key does not help: that is a browser on another site.
    const cross = await test.app.inject({ method: 'POST', url: '/api/rooms/desk/sessions', headers: { ...auth, origin: 'https://evil.example' } });
    expect(cross.statusCode).toBe(403);
  });

  it('a JSON request from another origin is refused; the same origin and allow-listed origins pass', async () => {
    const test = await start({ corsOrigins: ['https://app.example.com'] });
    const from = (origin: string, host = '127.0.0.1:8080') =>
      test.app.inject(jsonRequest('POST', '/api/token', { room: 'desk', identity: 'alice', dispatchAgent: false }, { origin, host }));
    const evil = await from('https://evil.example');
    expect(evil.statusCode).toBe(403);
    expect(evil.json<ApiError>().error).toMatch(/origin https:\/\/evil\.example is not allowed/);
    expect((await from('null')).statusCode).toBe(403);
    // Same host, other port: another origin.
    expect((await from('http://127.0.0.1:9999')).statusCode).toBe(403);
    expect((await from('http://127.0.0.1:8080')).statusCode).toBe(200);
    expect((await from('https://app.example.com')).statusCode).toBe(200);
    expect(test.fakes.dispatcher.calls).toEqual([]);
  });

  it('reads from another origin still work (CORS keeps the answer from the page)', async () => {
    const test = await start();
    expect((await test.app.inject({ method: 'GET', url: '/api/sessions', headers: { origin: 'https://evil.example' } })).statusCode).toBe(200);
  });
});

describe('hole: DNS rebinding', () => {
  it('answers 421 for a Host name the server was not configured for, on every route', async () => {
    const test = await start();
    for (const [method, url] of [['GET', '/api/sessions'], ['GET', '/api/health'], ['GET', '/'], ['POST', '/api/token']] as const) {
      const res = await test.app.inject({ ...jsonRequest(method, url, method === 'POST' ? { room: 'r', identity: 'a' } : undefined), headers: { host: 'rebind.evil.example:8080', 'content-type': 'application/json' } });
      expect(res.statusCode, `${method} ${url}`).toBe(421);
      expect(res.json<ApiError>().error).toMatch(/host "rebind\.evil\.example" is not served here.*PARLEY_API_ALLOWED_HOSTS/);
    }
    expect(test.fakes.dispatcher.calls).toEqual([]);
  });

  it('serves loopback names, IP addresses and the configured host names', async () => {
    const test = await start({ allowedHosts: ['parley.example.com'] });
    for (const host of ['localhost:8080', '127.0.0.1:8080', '[::1]:8080', '192.168.1.20:8080', 'parley.example.com', 'Parley.Example.COM:443']) {
      expect((await test.app.inject({ method: 'GET', url: '/api/sessions', headers: { host } })).statusCode, host).toBe(200);
    }
    expect((await test.app.inject({ method: 'GET', url: '/api/sessions', headers: { host: 'evil.parley.example.com' } })).statusCode).toBe(421);
  });
});

describe('hole: late webhooks', () => {
  const hook = (test: TestApp, body: Record<string, unknown>) =>
    test.app.inject({ method: 'POST', url: '/api/livekit/webhook', headers: { 'content-type': 'application/webhook+json', authorization: 'valid' }, payload: JSON.stringify(body) });
  const report = async (test: TestApp, index: number, id: string, events: unknown[]) => {
    const key = test.fakes.dispatcher.calls[index]?.metadata.reportKey ?? '';
    const res = await test.app.inject(jsonRequest('POST', `/api/internal/sessions/${id}/events`, { events }, { authorization: `Bearer ${agentReportToken(key, id)}` }));
    expect(res.statusCode).toBe(202);
  };

  it('participant_left of the previous agent does not close the next session in the same room', async () => {
    const test = await start();
    const first = (await test.app.inject(jsonRequest('POST', '/api/rooms/desk/sessions', {}))).json<SessionSummary>();
    await report(test, 0, first.id, [{ type: 'started', at: new Date().toISOString(), room: 'desk', jobId: 'AJ_first' }]);
    test.fakes.dispatcher.ended.add('AD_1');
    const second = (await test.app.inject(jsonRequest('POST', '/api/rooms/desk/sessions', {}))).json<SessionSummary>();
    expect(second.id).not.toBe(first.id);

    // The old agent's webhook arrives late, before the new agent has even reported its job.
    await hook(test, { event: 'participant_left', room: 'desk', identity: 'agent-AJ_first', agent: true });
    expect((await detail(test, second.id)).status).toBe('active');

    await report(test, 1, second.id, [{ type: 'started', at: new Date().toISOString(), room: 'desk', jobId: 'AJ_second' }]);
    await hook(test, { event: 'participant_left', room: 'desk', identity: 'agent-AJ_first', agent: true });
    expect((await detail(test, second.id)).status).toBe('active');
    // A second agent cannot be started while the real one is there.
    expect((await test.app.inject(jsonRequest('POST', '/api/rooms/desk/sessions', {}))).statusCode).toBe(409);

    await hook(test, { event: 'participant_left', room: 'desk', identity: 'agent-AJ_second', agent: true });
    expect(await detail(test, second.id)).toMatchObject({ status: 'ended', endReason: 'agent-left' });
  });

  it('an agent that leaves before it reported its job closes its session once its dispatch is over', async () => {
    const test = await start();
    const session = (await test.app.inject(jsonRequest('POST', '/api/rooms/desk/sessions', {}))).json<SessionSummary>();
    test.fakes.dispatcher.ended.add('AD_1');
    await hook(test, { event: 'participant_left', room: 'desk', identity: 'agent-AJ_quick', agent: true });
    expect(await detail(test, session.id)).toMatchObject({ status: 'ended', endReason: 'agent-left' });
  });

  it('room_finished of an earlier room with the same name does not close a session started after it', async () => {
    const test = await start();
    const finishedAt = Math.floor(Date.now() / 1000) - 5;
    const session = (await test.app.inject(jsonRequest('POST', '/api/rooms/desk/sessions', {}))).json<SessionSummary>();
    await hook(test, { event: 'room_finished', room: 'desk', createdAt: finishedAt });
    expect((await detail(test, session.id)).status).toBe('active');
    await hook(test, { event: 'room_finished', room: 'desk', createdAt: Math.floor(Date.now() / 1000) + 1 });
    expect(await detail(test, session.id)).toMatchObject({ status: 'ended', endReason: 'room-finished' });
  });
});
