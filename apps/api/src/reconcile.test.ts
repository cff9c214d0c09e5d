import type { SessionDetail, SessionSummary } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { createAgentCredentials } from './agent-credentials.js';
import { END_REASON_LEFT_WHILE_WAITING, SessionReconciler } from './reconcile.js';
import { SessionService } from './sessions.js';
import { agentReportToken } from './testing/agent-token.js';
import { jsonRequest, startTestApp, type TestApp } from './testing/app.js';
import type { FakeRoomLister } from './testing/fakes.js';

let test: TestApp | undefined;
afterEach(async () => {
  await test?.app.close();
  test = undefined;
});

/** The reconciler wired to the app's own store and session service, with LiveKit faked. */
async function setup(): Promise<{ test: TestApp; reconciler: SessionReconciler; lister: FakeRoomLister; logs: string[] }> {
  test = await startTestApp();
  const logs: string[] = [];
  const log = {
    info: (_fields: Record<string, unknown>, message: string) => logs.push(message),
    warn: (_fields: Record<string, unknown>, message: string) => logs.push(message),
  };
  const sessions = new SessionService({
    store: test.fakes.store,
    dispatcher: test.fakes.dispatcher,
    rooms: test.fakes.rooms,
    credentials: createAgentCredentials(test.config.livekit.apiSecret),
    allowedProviders: test.config.allowedProviders,
    dispatchQueue: test.config.dispatchQueue,
    maxSessionsPerTenant: null,
    agentsUp: async () => true,
    log,
  });
  const reconciler = new SessionReconciler({ store: test.fakes.store, sessions, lister: test.fakes.lister, dispatcher: test.fakes.dispatcher, log });
  return { test, reconciler, lister: test.fakes.lister, logs };
}

async function startSession(app: TestApp, room: string, jobId?: string): Promise<string> {
  const { id } = (await app.app.inject(jsonRequest('POST', `/api/rooms/${room}/sessions`, {}))).json<SessionSummary>();
  if (jobId !== undefined) {
    const key = app.fakes.dispatcher.calls.at(-1)?.metadata.reportKey ?? '';
    const started = { events: [{ type: 'started', at: new Date().toISOString(), room, jobId }] };
    const res = await app.app.inject(jsonRequest('POST', `/api/internal/sessions/${id}/events`, started, { authorization: `Bearer ${agentReportToken(key, id)}` }));
    expect(res.statusCode).toBe(202);
  }
  return id;
}

async function status(app: TestApp, id: string): Promise<Pick<SessionDetail, 'status' | 'endReason'>> {
  const { status: state, endReason } = (await app.app.inject(jsonRequest('GET', `/api/sessions/${id}`))).json<SessionDetail>();
  return { status: state, endReason };
}

describe('SessionReconciler', () => {
  it('ends sessions whose room or agent is gone and keeps the ones LiveKit still runs', async () => {
    const { test, reconciler, lister } = await setup();
    const live = await startSession(test, 'live', 'AJ_live');
    const roomGone = await startSession(test, 'vanished', 'AJ_v');
    const agentGone = await startSession(test, 'orphan', 'AJ_o');
    const joining = await startSession(test, 'joining');
    lister.rooms.set('live', ['alice', 'agent-AJ_live']);
    lister.rooms.set('orphan', ['bob']);
    lister.rooms.set('joining', ['carol']);
    // The orphan's job finished while the API was down; the joining session's dispatch is still pending.
    test.fakes.dispatcher.ended.add('AD_3');

    const result = await reconciler.runOnce();
    expect(result.checked).toBe(4);
    expect(result.ended.sort((a, b) => a.reason.localeCompare(b.reason))).toEqual([
      { sessionId: agentGone, reason: 'agent-gone' },
      { sessionId: roomGone, reason: 'room-gone' },
    ]);
    expect(await status(test, live)).toEqual({ status: 'active', endReason: null });
    expect(await status(test, joining)).toEqual({ status: 'active', endReason: null });
    expect(await status(test, roomGone)).toEqual({ status: 'ended', endReason: 'room-gone' });
    expect(await status(test, agentGone)).toEqual({ status: 'ended', endReason: 'agent-gone' });
    // The room is free again for a new session.
    expect((await test.app.inject(jsonRequest('POST', '/api/rooms/orphan/sessions', {}))).statusCode).toBe(201);
  });

  it('does nothing, and asks LiveKit nothing, when no session is active', async () => {
    const { reconciler, lister } = await setup();
    expect(await reconciler.runOnce()).toEqual({ checked: 0, ended: [] });
    expect(lister.calls).toBe(0);
  });

  it('changes nothing while LiveKit is unreachable, logs it, and catches up on the next pass', async () => {
    const { test, reconciler, lister, logs } = await setup();
    const id = await startSession(test, 'gone', 'AJ_g');
    lister.failWith = new Error('connect ECONNREFUSED 127.0.0.1:7880');
    await expect(reconciler.runOnce()).rejects.toThrow(/ECONNREFUSED/);
    expect(await status(test, id)).toEqual({ status: 'active', endReason: null });

    reconciler.start(20);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(logs.join('')).toMatch(/could not reconcile sessions with LiveKit \(LiveKit or the database unreachable\); will retry/);
    expect(await status(test, id)).toEqual({ status: 'active', endReason: null });
    lister.failWith = undefined;
    const deadline = Date.now() + 2_000;
    while ((await status(test, id)).status === 'active' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await reconciler.stop();
    expect(await status(test, id)).toEqual({ status: 'ended', endReason: 'room-gone' });
  });

  it('leaves a session whose dispatch LiveKit cannot be asked about, and reconciles the rest', async () => {
    const { test, reconciler, lister } = await setup();
    const unsure = await startSession(test, 'unsure');
    const gone = await startSession(test, 'gone', 'AJ_g');
    lister.rooms.set('unsure', []);
    const isLive = test.fakes.dispatcher.isLive.bind(test.fakes.dispatcher);
    test.fakes.dispatcher.isLive = async (room, dispatchId) => {
      if (room === 'unsure') throw new Error('timed out');
      return isLive(room, dispatchId);
    };
    const result = await reconciler.runOnce();
    expect(result.ended).toEqual([{ sessionId: gone, reason: 'room-gone' }]);
    expect(await status(test, unsure)).toEqual({ status: 'active', endReason: null });
  });
});

describe('SessionReconciler and the dispatch queue', () => {
  it('ends a queued session whose room has had nobody in it past the grace period, and keeps one whose person still waits', async () => {
    test = await startTestApp();
    const app = test;
    const logs: string[] = [];
    const log = { info: (_fields: Record<string, unknown>, message: string) => logs.push(message), warn: (_fields: Record<string, unknown>, message: string) => logs.push(message) };
    const sessions = new SessionService({
      store: app.fakes.store,
      dispatcher: app.fakes.dispatcher,
      rooms: app.fakes.rooms,
      credentials: createAgentCredentials(app.config.livekit.apiSecret),
      allowedProviders: app.config.allowedProviders,
      dispatchQueue: app.config.dispatchQueue,
      maxSessionsPerTenant: null,
      agentsUp: async () => true,
      log,
    });
    const reconcilerWithGrace = (abandonedWaitGraceMs: number) =>
      new SessionReconciler({ store: app.fakes.store, sessions, lister: app.fakes.lister, dispatcher: app.fakes.dispatcher, log, abandonedWaitGraceMs });
    app.fakes.dispatcher.full = true;
    const waiting = await startSession(app, 'still-waiting');
    const abandoned = await startSession(app, 'abandoned');
    const roomGone = await startSession(app, 'room-gone-while-waiting');
    // The first dispatch of each got no job, so all three wait in the queue.
    const queued = async () => (await app.fakes.store.listDispatchQueue()).map((entry) => entry.sessionId).sort();
    const deadline = Date.now() + 15_000;
    while ((await queued()).length < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await queued()).toEqual([waiting, abandoned, roomGone].sort());
    app.fakes.lister.rooms.set('still-waiting', ['dora']);
    app.fakes.lister.rooms.set('abandoned', ['agent-AJ_elsewhere']);

    // Within the grace period nobody is judged: people may still be joining.
    expect((await reconcilerWithGrace(60_000).runOnce()).ended).toEqual([]);
    const result = await reconcilerWithGrace(0).runOnce();
    expect(result.ended.map((each) => each.sessionId).sort()).toEqual([abandoned, roomGone].sort());
    expect(new Set(result.ended.map((each) => each.reason))).toEqual(new Set([END_REASON_LEFT_WHILE_WAITING]));
    expect(await status(app, waiting)).toEqual({ status: 'active', endReason: null });
    expect(await status(app, abandoned)).toEqual({ status: 'ended', endReason: END_REASON_LEFT_WHILE_WAITING });
    expect(await queued()).toEqual([waiting]);
  }, 30_000);
});
