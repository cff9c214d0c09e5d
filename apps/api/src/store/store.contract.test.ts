import { randomUUID } from 'node:crypto';
import type { SessionEvent, TurnMetrics } from '@parley/protocol';
import { findPostgresBinDir, startThrowawayPostgres, type ThrowawayPostgres } from '@parley/test-harness/postgres';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tempDbFile } from '../testing/fakes.js';
import { openStore } from './index.js';
import { SessionConflictError, SessionNotActiveError, type SessionRecord, type Store, UserExistsError, type UserRecord } from './types.js';

const postgresBin = findPostgresBinDir();
if (postgresBin === null) {
  console.warn('\n*** SKIPPING the PostgreSQL store contract tests: no PostgreSQL binaries (apt-get install postgresql) ***\n');
}

let postgres: ThrowawayPostgres | undefined;
let databases = 0;

beforeAll(async () => {
  if (postgresBin !== null) postgres = await startThrowawayPostgres({ fast: true });
}, 120_000);
afterAll(async () => {
  await postgres?.stop();
});

const backends: { name: 'sqlite' | 'postgres'; open: () => Promise<Store>; skip: boolean }[] = [
  { name: 'sqlite', open: () => openStore({ kind: 'sqlite', file: tempDbFile() }), skip: false },
  {
    name: 'postgres',
    open: async () => {
      if (!postgres) throw new Error('postgres not started');
      databases += 1;
      return openStore({ kind: 'postgres', url: await postgres.createDatabase(`contract_${process.pid}_${databases}`) });
    },
    skip: postgresBin === null,
  },
];

function session(room: string, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id: randomUUID(),
    tenant: 'acme',
    room,
    status: 'active',
    options: { instructions: 'be brief', tts: 'festival' },
    dispatchId: null,
    jobId: null,
    startedAt: new Date().toISOString(),
    endedAt: null,
    endReason: null,
    ...overrides,
  };
}

const turn = (turnId: string, endToEndMs: number | null): TurnMetrics => ({
  turnId,
  userSpeechEndedAt: Date.now(),
  endOfUtteranceMs: 500,
  transcriptionMs: 120,
  llmFirstTokenMs: 3,
  ttsFirstByteMs: 90,
  endToEndMs,
});

describe.each(backends)('store contract: $name', ({ name, open, skip }) => {
  let store: Store;
  const opened: Store[] = [];
  const fresh = async (): Promise<Store> => {
    const instance = await open();
    opened.push(instance);
    return instance;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((instance) => instance.close()));
  });

  it.skipIf(skip)('migrates idempotently and answers ping', async () => {
    store = await fresh();
    expect(store.kind).toBe(name);
    await store.migrate();
    await store.migrate();
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it.skipIf(skip)('stores API keys by id with only the hash', async () => {
    store = await fresh();
    await store.createApiKey({ keyId: 'abcdef0123456789', tenant: 'acme', secretHash: 'f'.repeat(64), createdAt: '2026-01-01T00:00:00.000Z' });
    expect(await store.findApiKey('abcdef0123456789')).toEqual({
      keyId: 'abcdef0123456789',
      tenant: 'acme',
      secretHash: 'f'.repeat(64),
      createdAt: '2026-01-01T00:00:00.000Z',
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(await store.findApiKey('0000000000000000')).toBeNull();
  });

  it.skipIf(skip)('stores users with unique names and tenants; sign-in sessions by hash, ended per user or by expiry', async () => {
    store = await fresh();
    const user = (id: string, name: string, overrides: Partial<UserRecord> = {}): UserRecord => ({
      id,
      name,
      passwordHash: `scrypt$15$8$1$salt-${id}$key`,
      role: 'user',
      disabled: false,
      tenant: `u-${id}`,
      createdAt: `2026-01-01T00:00:0${id.length}.000Z`,
      ...overrides,
    });
    expect(await store.countUsers()).toBe(0);
    const alice = user('a1', 'alice', { role: 'admin' });
    await store.createUser(alice);
    await store.createUser(user('b22', 'bob'));
    await expect(store.createUser(user('c333', 'alice'))).rejects.toBeInstanceOf(UserExistsError);
    expect(await store.countUsers()).toBe(2);
    expect(await store.findUserByName('alice')).toEqual(alice);
    expect(await store.getUser('b22')).toMatchObject({ name: 'bob', role: 'user', disabled: false, tenant: 'u-b22' });
    expect(await store.findUserByName('nobody')).toBeNull();
    expect((await store.listUsers()).map((u) => u.name)).toEqual(['alice', 'bob']);
    expect(await store.setUserDisabled('b22', true)).toBe(true);
    expect((await store.getUser('b22'))?.disabled).toBe(true);
    expect(await store.setUserDisabled('zz', true)).toBe(false);
    expect(await store.setPasswordHash('a1', 'scrypt$16$8$1$new$hash')).toBe(true);
    expect((await store.getUser('a1'))?.passwordHash).toBe('scrypt$16$8$1$new$hash');

    const at = (minute: number): string => `2026-01-01T00:${String(minute).padStart(2, '0')}:00.000Z`;
    await store.createAuthSession({ idHash: 'h1', userId: 'a1', createdAt: at(0), expiresAt: at(10) });
    await store.createAuthSession({ idHash: 'h2', userId: 'a1', createdAt: at(0), expiresAt: at(30) });
    await store.createAuthSession({ idHash: 'h3', userId: 'a1', createdAt: at(0), expiresAt: at(30) });
    await store.createAuthSession({ idHash: 'h4', userId: 'b22', createdAt: at(0), expiresAt: at(30) });
    expect(await store.findAuthSession('h1')).toEqual({ idHash: 'h1', userId: 'a1', createdAt: at(0), expiresAt: at(10) });
    expect(await store.deleteExpiredAuthSessions(at(10))).toBe(1);
    expect(await store.findAuthSession('h1')).toBeNull();
    expect(await store.deleteAuthSessionsOfUser('a1', 'h2')).toBe(1);
    expect(await store.findAuthSession('h2')).not.toBeNull();
    expect(await store.findAuthSession('h3')).toBeNull();
    await store.deleteAuthSession('h2');
    expect(await store.findAuthSession('h2')).toBeNull();
    expect(await store.deleteAuthSessionsOfUser('b22')).toBe(1);
  });

  it.skipIf(skip)('lists keys, records their last use at most once per interval, and revokes them', async () => {
    store = await fresh();
    await store.createApiKey({ keyId: 'a000000000000001', tenant: 'acme', secretHash: 'a'.repeat(64), createdAt: '2026-01-01T00:00:00.000Z' });
    await store.createApiKey({ keyId: 'b000000000000002', tenant: 'globex', secretHash: 'b'.repeat(64), createdAt: '2026-01-02T00:00:00.000Z' });
    expect((await store.listApiKeys()).map((key) => key.keyId)).toEqual(['a000000000000001', 'b000000000000002']);
    expect((await store.listApiKeys('globex')).map((key) => key.keyId)).toEqual(['b000000000000002']);

    await store.touchApiKey('a000000000000001', '2026-02-01T10:00:00.000Z', '2026-02-01T09:59:00.000Z');
    expect((await store.findApiKey('a000000000000001'))?.lastUsedAt).toBe('2026-02-01T10:00:00.000Z');
    // Thirty seconds later, within the interval: not written again.
    await store.touchApiKey('a000000000000001', '2026-02-01T10:00:30.000Z', '2026-02-01T09:59:30.000Z');
    expect((await store.findApiKey('a000000000000001'))?.lastUsedAt).toBe('2026-02-01T10:00:00.000Z');
    await store.touchApiKey('a000000000000001', '2026-02-01T10:05:00.000Z', '2026-02-01T10:04:00.000Z');
    expect((await store.findApiKey('a000000000000001'))?.lastUsedAt).toBe('2026-02-01T10:05:00.000Z');

    expect(await store.revokeApiKey('a000000000000001', '2026-03-01T00:00:00.000Z')).toBe(true);
    expect(await store.revokeApiKey('a000000000000001', '2026-03-02T00:00:00.000Z')).toBe(false);
    expect(await store.revokeApiKey('ffffffffffffffff', '2026-03-02T00:00:00.000Z')).toBe(false);
    expect(await store.findApiKey('a000000000000001')).toMatchObject({ revokedAt: '2026-03-01T00:00:00.000Z', lastUsedAt: '2026-02-01T10:05:00.000Z' });
    expect((await store.findApiKey('b000000000000002'))?.revokedAt).toBeNull();
  });

  it.skipIf(skip)('refuses agent events once a session has ended, storing none of them', async () => {
    store = await fresh();
    await store.claimRoom('acme', 'done', new Date().toISOString());
    const record = session('done');
    await store.createSession(record);
    await store.endSession(record.id, 'ended-by-api', new Date().toISOString());
    await expect(store.appendEvents(record.id, [{ type: 'transcript', at: new Date().toISOString(), role: 'agent', text: 'too late' }])).rejects.toBeInstanceOf(
      SessionNotActiveError,
    );
    await expect(store.appendEvents(randomUUID(), [{ type: 'transcript', at: new Date().toISOString(), role: 'agent', text: 'nobody' }])).rejects.toBeInstanceOf(
      SessionNotActiveError,
    );
    expect((await store.getSession(record.id))?.transcript).toEqual([]);
  });

  it.skipIf(skip)('lists the active sessions of every tenant', async () => {
    store = await fresh();
    await store.claimRoom('acme', 'a1', new Date().toISOString());
    await store.claimRoom('globex', 'g1', new Date().toISOString());
    const a = session('a1', { startedAt: '2026-01-01T00:00:01.000Z' });
    const g = session('g1', { tenant: 'globex', startedAt: '2026-01-01T00:00:02.000Z' });
    await store.createSession(a);
    await store.createSession(g);
    expect((await store.listActiveSessions()).map((s) => s.id)).toEqual([a.id, g.id]);
    await store.endSession(a.id, 'done', new Date().toISOString());
    expect((await store.listActiveSessions()).map((s) => s.id)).toEqual([g.id]);
  });

  it.skipIf(skip)('claims room names per tenant, idempotently', async () => {
    store = await fresh();
    const at = new Date().toISOString();
    expect((await store.claimRoom('acme', 'kitchen', at)).outcome).toBe('created');
    expect((await store.claimRoom('acme', 'kitchen', at)).outcome).toBe('existing');
    expect(await store.claimRoom('globex', 'kitchen', at)).toEqual({ outcome: 'taken' });
    expect(await store.getRoom('kitchen')).toMatchObject({ name: 'kitchen', tenant: 'acme' });
    expect(await store.getRoom('nope')).toBeNull();
  });

  it.skipIf(skip)('allows one active session per room and applies agent events in one transaction', async () => {
    store = await fresh();
    await store.claimRoom('acme', 'kitchen', new Date().toISOString());
    const first = session('kitchen');
    await store.createSession(first);
    await expect(store.createSession(session('kitchen'))).rejects.toBeInstanceOf(SessionConflictError);
    await store.setDispatchId(first.id, 'AD_1');

    const events: SessionEvent[] = [
      { type: 'started', at: new Date().toISOString(), room: 'kitchen', jobId: 'AJ_1' },
      { type: 'transcript', at: '2026-01-01T10:00:01.000Z', role: 'user', text: 'turn on the lights' },
      { type: 'transcript', at: '2026-01-01T10:00:02.000+00:00', role: 'agent', text: 'turn on the lights, got it', interrupted: true },
      { type: 'turn', turn: turn('t1', 800) },
      { type: 'turn', turn: turn('t2', 1200) },
    ];
    expect((await store.appendEvents(first.id, events)).applied).toBe(5);
    // A retried batch changes nothing.
    expect((await store.appendEvents(first.id, events)).applied).toBe(0);

    const detail = await store.getSession(first.id);
    expect(detail).toMatchObject({ id: first.id, status: 'active', dispatchId: 'AD_1', jobId: 'AJ_1', turnCount: 2, endToEndMs: [800, 1200] });
    expect(detail?.options).toEqual({ instructions: 'be brief', tts: 'festival' });
    expect(detail?.transcript).toEqual([
      { role: 'user', text: 'turn on the lights', at: '2026-01-01T10:00:01.000Z' },
      { role: 'agent', text: 'turn on the lights, got it', at: '2026-01-01T10:00:02.000Z', interrupted: true },
    ]);
    expect(detail?.turns.map((t) => t.turnId)).toEqual(['t1', 't2']);

    expect(await store.activeSessionInRoom('kitchen')).toMatchObject({ id: first.id });
    expect(await store.getSessionRecord(first.id)).toMatchObject({ id: first.id, tenant: 'acme', room: 'kitchen', jobId: 'AJ_1' });
    expect(await store.getSessionRecord(randomUUID())).toBeNull();

    // A replacement agent: the dead one forgotten, a new dispatch, and the replacement's job recorded.
    expect(await store.forgetAgent(first.id)).toBe(true);
    expect(await store.getSessionRecord(first.id)).toMatchObject({ dispatchId: null, jobId: null });
    await store.setDispatchId(first.id, 'AD_2');
    await store.appendEvents(first.id, [{ type: 'started', at: new Date().toISOString(), room: 'kitchen', jobId: 'AJ_2' }]);
    expect(await store.getSessionRecord(first.id)).toMatchObject({ dispatchId: 'AD_2', jobId: 'AJ_2' });
    expect((await store.getSession(first.id))?.transcript).toHaveLength(2);

    expect(await store.endSession(first.id, 'ended-by-api', new Date().toISOString())).toBe(true);
    expect(await store.forgetAgent(first.id)).toBe(false);
    expect(await store.endSession(first.id, 'again', new Date().toISOString())).toBe(false);
    expect(await store.activeSessionInRoom('kitchen')).toBeNull();
    expect((await store.getSession(first.id))?.endReason).toBe('ended-by-api');
    // The room is free for a new session once the old one has ended.
    await store.createSession(session('kitchen'));
  });

  it.skipIf(skip)('rolls back a whole batch when one event fails', async () => {
    store = await fresh();
    await store.claimRoom('acme', 'r1', new Date().toISOString());
    const record = session('r1');
    await store.createSession(record);
    const bad = { type: 'transcript', at: 'not a date', role: 'user', text: 'x' } as SessionEvent;
    await expect(
      store.appendEvents(record.id, [{ type: 'transcript', at: new Date().toISOString(), role: 'user', text: 'kept?' }, bad]),
    ).rejects.toThrow();
    expect((await store.getSession(record.id))?.transcript).toEqual([]);
  });

  it.skipIf(skip)('lists a tenant\'s sessions newest first, filtered by status', async () => {
    store = await fresh();
    for (const room of ['a', 'b', 'c']) await store.claimRoom('acme', room, new Date().toISOString());
    await store.claimRoom('globex', 'g', new Date().toISOString());
    const a = session('a', { startedAt: '2026-01-01T00:00:01.000Z' });
    const b = session('b', { startedAt: '2026-01-01T00:00:02.000Z' });
    const c = session('c', { startedAt: '2026-01-01T00:00:03.000Z' });
    for (const record of [a, b, c, session('g', { tenant: 'globex' })]) await store.createSession(record);
    await store.endSession(b.id, 'done', new Date().toISOString());
    await store.appendEvents(c.id, [{ type: 'turn', turn: turn('x', 900) }, { type: 'turn', turn: turn('y', null) }]);

    const all = await store.listSessions({ tenant: 'acme', limit: 10 });
    expect(all.map((s) => s.id)).toEqual([c.id, b.id, a.id]);
    expect(all[0]).toMatchObject({ turnCount: 2, endToEndMs: [900] });
    expect((await store.listSessions({ tenant: 'acme', status: 'ended', limit: 10 })).map((s) => s.id)).toEqual([b.id]);
    expect((await store.listSessions({ tenant: 'acme', limit: 1 })).map((s) => s.id)).toEqual([c.id]);
    // An admin's view: every tenant.
    expect((await store.listSessions({ tenant: null, limit: 10 })).map((s) => s.tenant).sort()).toEqual(['acme', 'acme', 'acme', 'globex']);
  });

  it.skipIf(skip)('keeps everything across a close and reopen', async () => {
    if (name === 'sqlite') {
      const file = tempDbFile();
      const first = await openStore({ kind: 'sqlite', file });
      await first.claimRoom('acme', 'persist', new Date().toISOString());
      const record = session('persist');
      await first.createSession(record);
      await first.appendEvents(record.id, [{ type: 'transcript', at: new Date().toISOString(), role: 'user', text: 'hello' }]);
      await first.close();
      const second = await openStore({ kind: 'sqlite', file });
      opened.push(second);
      expect((await second.getSession(record.id))?.transcript.map((e) => e.text)).toEqual(['hello']);
    } else {
      if (!postgres) throw new Error('postgres not started');
      const url = await postgres.createDatabase(`persist_${process.pid}`);
      const first = await openStore({ kind: 'postgres', url });
      await first.claimRoom('acme', 'persist', new Date().toISOString());
      const record = session('persist');
      await first.createSession(record);
      await first.close();
      // A second instance (as with several API servers) migrates concurrently and sees the same rows.
      const [second, third] = await Promise.all([openStore({ kind: 'postgres', url }), openStore({ kind: 'postgres', url })]);
      opened.push(second, third);
      expect((await third.getSession(record.id))?.room).toBe('persist');
    }
  });

  it.skipIf(skip)('serialises concurrent session starts in one room', async () => {
    store = await fresh();
    await store.claimRoom('acme', 'race', new Date().toISOString());
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => store.createSession(session('race'))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof SessionConflictError)).toHaveLength(7);
  });
  it.skipIf(skip)('keeps a first-come dispatch queue of active sessions that survives reopening and ends with its session', async () => {
    store = await fresh();
    const at = (second: number): string => `2026-01-01T00:00:${String(second).padStart(2, '0')}.000Z`;
    const records = ['q1', 'q2', 'q3', 'q4'].map((room) => session(room));
    for (const record of records) {
      await store.claimRoom('acme', record.room, at(0));
      await store.createSession(record);
    }
    // Enqueued out of clock order: arrival (insertion) order is what counts.
    await store.enqueueDispatch({ sessionId: records[1]!.id, tenant: 'acme', room: 'q2', enqueuedAt: at(5) });
    await store.enqueueDispatch({ sessionId: records[0]!.id, tenant: 'acme', room: 'q1', enqueuedAt: at(3) });
    await store.enqueueDispatch({ sessionId: records[2]!.id, tenant: 'acme', room: 'q3', enqueuedAt: at(7) });
    // Enqueueing again keeps the place.
    await store.enqueueDispatch({ sessionId: records[1]!.id, tenant: 'acme', room: 'q2', enqueuedAt: at(9) });
    expect((await store.listDispatchQueue()).map((entry) => entry.room)).toEqual(['q2', 'q1', 'q3']);

    await store.recordDispatchAttempt(records[1]!.id, at(6));
    expect((await store.listDispatchQueue())[0]).toEqual({ sessionId: records[1]!.id, tenant: 'acme', room: 'q2', enqueuedAt: at(5), attempts: 1, lastAttemptAt: at(6), replacement: null });

    // A session whose agent died goes ahead of new ones, keeping what the replacement needs.
    await store.enqueueDispatch({ sessionId: records[3]!.id, tenant: 'acme', room: 'q4', enqueuedAt: at(8), replacement: { attempt: 2, lostAt: at(8) } });
    const withReplacement = await store.listDispatchQueue();
    expect(withReplacement.map((entry) => entry.room)).toEqual(['q4', 'q2', 'q1', 'q3']);
    expect(withReplacement[0]?.replacement).toEqual({ attempt: 2, lostAt: at(8) });
    expect(await store.dequeueDispatch(records[3]!.id)).toBe(true);

    // Ending a session (by the API or by the agent's report) takes it out of the queue.
    expect(await store.endSession(records[0]!.id, 'ended-by-api', at(8))).toBe(true);
    await store.appendEvents(records[2]!.id, [{ type: 'ended', at: at(8), reason: 'user-left' }]);
    expect((await store.listDispatchQueue()).map((entry) => entry.room)).toEqual(['q2']);
    expect(await store.dequeueDispatch(records[1]!.id)).toBe(true);
    expect(await store.dequeueDispatch(records[1]!.id)).toBe(false);
    expect(await store.listDispatchQueue()).toEqual([]);
  });

  it.skipIf(skip)('counts the agents a session lost within a window, up to a bound', async () => {
    store = await fresh();
    const record = session('losses');
    await store.claimRoom('acme', 'losses', new Date().toISOString());
    await store.createSession(record);
    const minute = 60_000;
    const base = Date.now();
    expect(await store.recordAgentLoss(record.id, base, 10 * minute, 2)).toBe(1);
    expect(await store.recordAgentLoss(record.id, base + minute, 10 * minute, 2)).toBe(2);
    expect(await store.recordAgentLoss(record.id, base + 2 * minute, 10 * minute, 2)).toBeNull();
    // Once the first loss is out of the window, one more is allowed.
    expect(await store.recordAgentLoss(record.id, base + 10 * minute + 1, 10 * minute, 2)).toBe(2);
  });

  it.skipIf(skip)('gives the dispatch queue lease to one holder at a time until it expires or is released', async () => {
    store = await fresh();
    expect(await store.getQueueLease()).toBeNull();
    // Two instances race for a lease nobody holds: exactly one gets it.
    const raced = await Promise.all([store.acquireQueueLease('api-a', 's1', 1_000, 5_000), store.acquireQueueLease('api-b', 's2', 1_000, 5_000)]);
    expect(raced.filter(Boolean)).toHaveLength(1);
    const winner = raced[0] ? 'api-a' : 'api-b';
    const loser = winner === 'api-a' ? 'api-b' : 'api-a';
    expect(await store.getQueueLease()).toMatchObject({ holder: winner, expiresAtMs: 5_000 });
    // The holder renews; the other is refused until it expires.
    expect(await store.acquireQueueLease(winner, 's1', 2_000, 7_000)).toBe(true);
    expect(await store.acquireQueueLease(loser, 's2', 6_999, 9_000)).toBe(false);
    expect(await store.acquireQueueLease(loser, 's2', 7_000, 9_000)).toBe(true);
    expect(await store.getQueueLease()).toEqual({ holder: loser, sessionId: 's2', expiresAtMs: 9_000 });
    // Released with a pacing time, it keeps the others off until then; only its holder can release it.
    await store.releaseQueueLease(winner, 0);
    expect(await store.getQueueLease()).toMatchObject({ holder: loser, expiresAtMs: 9_000 });
    await store.releaseQueueLease(loser, 8_000);
    expect(await store.getQueueLease()).toEqual({ holder: loser, sessionId: null, expiresAtMs: 8_000 });
    expect(await store.acquireQueueLease(winner, 's3', 7_500, 12_000)).toBe(false);
    expect(await store.acquireQueueLease(winner, 's3', 8_000, 12_000)).toBe(true);
    // Milliseconds since the epoch fit (beyond 32 bits).
    const now = Date.now();
    await store.releaseQueueLease(winner, now);
    expect((await store.getQueueLease())?.expiresAtMs).toBe(now);
  });

  it.skipIf(skip)('counts active sessions per tenant and clears only the dispatch id it is given', async () => {
    store = await fresh();
    await store.claimRoom('acme', 'c1', new Date().toISOString());
    await store.claimRoom('acme', 'c2', new Date().toISOString());
    await store.claimRoom('other', 'c3', new Date().toISOString());
    const first = session('c1');
    await store.createSession(first);
    await store.createSession(session('c2'));
    await store.createSession(session('c3', { tenant: 'other' }));
    expect(await store.countActiveSessions('acme')).toBe(2);
    expect(await store.countActiveSessions('other')).toBe(1);
    await store.endSession(first.id, 'ended-by-api', new Date().toISOString());
    expect(await store.countActiveSessions('acme')).toBe(1);

    const second = session('c1');
    await store.createSession(second);
    await store.setDispatchId(second.id, 'AD_new');
    expect(await store.clearDispatchId(second.id, 'AD_old')).toBe(false);
    expect((await store.getSessionRecord(second.id))?.dispatchId).toBe('AD_new');
    expect(await store.clearDispatchId(second.id, 'AD_new')).toBe(true);
    expect((await store.getSessionRecord(second.id))?.dispatchId).toBeNull();
  });

  it.skipIf(skip)('keeps the queue across a reopen of the same database', async () => {
    if (name !== 'sqlite') return;
    const file = tempDbFile();
    const first = await openStore({ kind: 'sqlite', file });
    await first.claimRoom('acme', 'durable', new Date().toISOString());
    const record = session('durable');
    await first.createSession(record);
    await first.enqueueDispatch({ sessionId: record.id, tenant: 'acme', room: 'durable', enqueuedAt: record.startedAt });
    await first.close();
    const second = await openStore({ kind: 'sqlite', file });
    opened.push(second);
    expect((await second.listDispatchQueue()).map((entry) => entry.sessionId)).toEqual([record.id]);
  });
});
