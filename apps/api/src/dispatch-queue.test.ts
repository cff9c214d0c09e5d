import type { ApiError, RoomStatusResponse, SessionQueueResponse, SessionSummary, TokenResponse } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from './config.js';
import { buildApp } from './app.js';
import { jsonRequest, startTestApp, type TestApp } from './testing/app.js';
import { fakeDeps, tempDbFile, testConfig } from './testing/fakes.js';

const apps: TestApp['app'][] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

/** Short windows so a doomed dispatch is withdrawn quickly. */
const fastQueue: Config['dispatchQueue'] = { maxLength: 50, maxWaitMs: 60_000, confirmMs: 100, retryMs: 60_000, spacingMs: 0 };

async function start(overrides: Partial<Config> = {}): Promise<TestApp> {
  const test = await startTestApp({ dispatchQueue: fastQueue, ...overrides });
  apps.push(test.app);
  return test;
}

async function startSession(test: TestApp, room: string): Promise<{ status: number; body: SessionSummary & ApiError }> {
  const res = await test.app.inject(jsonRequest('POST', `/api/rooms/${room}/sessions`, {}));
  return { status: res.statusCode, body: res.json() };
}

async function queueOf(test: TestApp, id: string): Promise<SessionQueueResponse> {
  const res = await test.app.inject(jsonRequest('GET', `/api/sessions/${id}/queue`));
  expect(res.statusCode).toBe(200);
  return res.json<SessionQueueResponse>();
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` holds, or fails after `timeoutMs`. */
async function eventually(check: () => Promise<boolean>, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

describe('dispatch queue', () => {
  it('dispatches at once while a worker has a free slot', async () => {
    const test = await start();
    const { status, body } = await startSession(test, 'free');
    expect(status).toBe(201);
    expect(test.fakes.dispatcher.calls).toHaveLength(1);
    await eventually(async () => (await queueOf(test, body.id)).queue === null);
    expect(await queueOf(test, body.id)).toEqual({ sessionId: body.id, status: 'active', endReason: null, queue: null });
  });

  it('keeps people waiting in arrival order while every worker is full, and serves them as slots free', async () => {
    const test = await start({ dispatchQueue: { ...fastQueue, spacingMs: 2_000 } });
    const { dispatcher } = test.fakes;
    dispatcher.full = true;
    const ids: string[] = [];
    for (const room of ['first', 'second', 'third']) {
      const { status, body } = await startSession(test, room);
      expect(status).toBe(201);
      ids.push(body.id);
    }
    // The first one's dispatch got no job: it was withdrawn and the session waits, still first.
    await eventually(async () => dispatcher.cancelled.length === 1 && (await queueOf(test, ids[0]!)).queue?.state === 'queued');
    expect(dispatcher.calls.map((call) => call.room)).toEqual(['first']);
    const waiting = await Promise.all(ids.map((id) => queueOf(test, id)));
    expect(waiting.map((w) => [w.queue?.position, w.queue?.length])).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    expect(waiting[2]?.queue?.waitedMs).toBeGreaterThanOrEqual(0);
    // The summary and the room status show the same place.
    const summary = (await test.app.inject(jsonRequest('GET', `/api/sessions/${ids[1]}`))).json<SessionSummary>();
    expect(summary.queue).toMatchObject({ position: 2, state: 'queued' });
    const room = (await test.app.inject(jsonRequest('GET', '/api/rooms/third'))).json<RoomStatusResponse>();
    expect(room.queue).toMatchObject({ position: 3 });

    // An agent elsewhere leaves, so a slot frees: the one who waited longest gets it, then the next.
    dispatcher.full = false;
    const webhook = await test.app.inject({
      method: 'POST',
      url: '/api/livekit/webhook',
      headers: { 'content-type': 'application/json', authorization: 'valid' },
      payload: JSON.stringify({ event: 'participant_left', room: 'elsewhere', agent: true, identity: 'agent-AJ_gone' }),
    });
    expect(webhook.statusCode).toBe(200);
    // Nothing is tried before the worker has had time to report its freed slot.
    await sleep(1_000);
    expect(dispatcher.calls).toHaveLength(1);
    await eventually(async () => (await queueOf(test, ids[2]!)).queue === null, 14_000);
    expect(dispatcher.calls.map((call) => call.room)).toEqual(['first', 'first', 'second', 'third']);
    for (const id of ids) expect((await queueOf(test, id)).status).toBe('active');
    // Paced: LiveKit hears the worker's new load before the next dispatch (no slot is given twice).
    const times = dispatcher.callTimes;
    const gaps = times.slice(2).map((at, index) => at - (times[index + 1] ?? 0));
    expect(gaps).toHaveLength(2);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(2_000);
  }, 25_000);

  it('gives up a dispatch made before a slot freed after a short wait, and tries again at once', async () => {
    const test = await start({ dispatchQueue: { ...fastQueue, confirmMs: 30_000 } });
    const { dispatcher } = test.fakes;
    dispatcher.full = true;
    const { body } = await startSession(test, 'early');
    expect(dispatcher.calls).toHaveLength(1);
    // The slot frees while that dispatch (dropped by LiveKit) is still being watched.
    dispatcher.full = false;
    const freedAt = Date.now();
    await test.app.inject({
      method: 'POST',
      url: '/api/livekit/webhook',
      headers: { 'content-type': 'application/json', authorization: 'valid' },
      payload: JSON.stringify({ event: 'participant_left', room: 'elsewhere', agent: true, identity: 'agent-AJ_gone' }),
    });
    await eventually(async () => (await queueOf(test, body.id)).queue === null, 8_000);
    // Well before the 30 s confirmation window: the hot window's short confirmation and an immediate retry.
    expect(Date.now() - freedAt).toBeLessThan(6_000);
    expect(dispatcher.cancelled).toEqual(['AD_1']);
    expect(dispatcher.calls).toHaveLength(2);
  }, 15_000);

  it('says when no agent worker is up, so the page does not call it busy', async () => {
    const test = await start();
    test.fakes.dispatcher.full = true;
    const { body } = await startSession(test, 'nobody-home');
    expect((await queueOf(test, body.id)).queue?.agentsUp).toBe(true);
    for (const url of test.config.agentHealthUrls) test.fakes.agentProbe.results.set(url, { ok: false, error: 'unreachable' });
    await sleep(2_100);
    expect((await queueOf(test, body.id)).queue).toMatchObject({ position: 1, agentsUp: false });
  });

  it('reuses a waiting session for a second join in the same room instead of ending it', async () => {
    const test = await start();
    test.fakes.dispatcher.full = true;
    const { body } = await startSession(test, 'shared');
    await eventually(async () => (await queueOf(test, body.id)).queue?.state === 'queued');
    const token = await test.app.inject(jsonRequest('POST', '/api/token', { room: 'shared', identity: 'second-person' }));
    expect(token.statusCode).toBe(200);
    expect(token.json<TokenResponse>().sessionId).toBe(body.id);
    expect((await startSession(test, 'shared')).status).toBe(409);
  });

  it('ends a session that waited longer than the limit, with a reason the page can show', async () => {
    const test = await start({ dispatchQueue: { ...fastQueue, maxWaitMs: 300 } });
    test.fakes.dispatcher.full = true;
    const { body } = await startSession(test, 'patient');
    await sleep(400);
    // Any step (the periodic retry, a freed slot, a new arrival) notices the expired wait.
    await startSession(test, 'newcomer');
    await eventually(async () => (await queueOf(test, body.id)).status === 'ended');
    expect(await queueOf(test, body.id)).toEqual({ sessionId: body.id, status: 'ended', endReason: 'queue-timeout', queue: null });
  });

  it('refuses with 503 when the queue is full, and with 429 when the tenant holds its most sessions', async () => {
    const full = await start({ dispatchQueue: { ...fastQueue, maxLength: 2 } });
    full.fakes.dispatcher.full = true;
    expect((await startSession(full, 'q1')).status).toBe(201);
    expect((await startSession(full, 'q2')).status).toBe(201);
    const refused = await startSession(full, 'q3');
    expect(refused.status).toBe(503);
    expect(refused.body.error).toMatch(/every agent is busy and 2 people are already waiting/);

    const limited = await start({ maxSessionsPerTenant: 2 });
    expect((await startSession(limited, 'a1')).status).toBe(201);
    expect((await startSession(limited, 'a2')).status).toBe(201);
    const tooMany = await startSession(limited, 'a3');
    expect(tooMany.status).toBe(429);
    expect(tooMany.body.error).toMatch(/already have 2 active conversations/);
    const token = await limited.app.inject(jsonRequest('POST', '/api/token', { room: 'a4', identity: 'someone' }));
    expect(token.statusCode).toBe(429);
  });

  it('with two API instances on one store, dispatches each waiting session once, from whichever instance holds the lease', async () => {
    const file = tempDbFile();
    // Both instances retry often, so without the shared lease the second would dispatch the first's session again.
    const config = testConfig({ store: { kind: 'sqlite', file }, dispatchQueue: { ...fastQueue, confirmMs: 5_000, retryMs: 1_000 } });
    const firstDeps = await fakeDeps(config);
    const secondDeps = await fakeDeps(config);
    const dispatcher = firstDeps.dispatcher;
    // One LiveKit for both: each session's agent shows up 1.5 s after its dispatch.
    secondDeps.deps.dispatcher = dispatcher;
    dispatcher.jobDelayMs = 1_500;
    const first = await buildApp(config, firstDeps.deps, { logger: false, closeStore: true });
    const second = await buildApp(config, secondDeps.deps, { logger: false, closeStore: true });
    apps.push(first, second);
    await Promise.all([first.ready(), second.ready()]);
    const ids: string[] = [];
    for (const [index, room] of ['m1', 'm2', 'm3'].entries()) {
      const app = index % 2 === 0 ? first : second;
      const res = await app.inject(jsonRequest('POST', `/api/rooms/${room}/sessions`, {}));
      expect(res.statusCode).toBe(201);
      ids.push(res.json<SessionSummary>().id);
    }
    await eventually(async () => (await firstDeps.store.listDispatchQueue()).length === 0, 15_000);
    expect(dispatcher.calls.map((call) => call.room)).toEqual(['m1', 'm2', 'm3']);
    expect(dispatcher.cancelled).toEqual([]);
    for (const id of ids) expect((await firstDeps.store.getSessionRecord(id))?.dispatchId).not.toBeNull();
  }, 25_000);

  it('keeps the waiting people across an API restart and serves them afterwards', async () => {
    const config = testConfig({ store: { kind: 'sqlite', file: tempDbFile() }, dispatchQueue: fastQueue });
    const firstDeps = await fakeDeps(config);
    firstDeps.dispatcher.full = true;
    const first = await buildApp(config, firstDeps.deps, { logger: false, closeStore: true });
    const ids: string[] = [];
    for (const room of ['r1', 'r2']) ids.push((await first.inject(jsonRequest('POST', `/api/rooms/${room}/sessions`, {}))).json<SessionSummary>().id);
    await eventually(async () => firstDeps.dispatcher.cancelled.length === 1);
    await first.close();

    const secondDeps = await fakeDeps(config);
    const second = await buildApp(config, secondDeps.deps, { logger: false, closeStore: true, reconcile: true });
    apps.push(second);
    await second.ready();
    await eventually(async () => (await secondDeps.store.listDispatchQueue()).length === 0, 8_000);
    expect(secondDeps.dispatcher.calls.map((call) => call.room)).toEqual(['r1', 'r2']);
    for (const id of ids) expect((await secondDeps.store.getSessionRecord(id))?.status).toBe('active');
  }, 15_000);
});
