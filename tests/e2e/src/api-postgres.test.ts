import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningStack } from '@parley/launcher';
import { REQUEST_MARKER_HEADER, type RoomStatusResponse, type SessionDetail, type SessionSummary } from '@parley/protocol';
import { findPostgresBinDir, startThrowawayPostgres, type ThrowawayPostgres } from './harness/postgres.js';
import { startTestStack } from './harness/stack.js';

const ROOM = 'api-postgres-e2e';
const skipReason = findPostgresBinDir() === null ? 'SKIPPED LOUDLY: PostgreSQL binaries are not installed (apt-get install postgresql)' : false;

async function api<T>(stack: RunningStack, method: string, url: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${stack.apiUrl}${url}`, {
    method,
    // A body-less POST/DELETE needs the marker header (the API's cross-site request guard), as from the web page.
    headers: body === undefined ? { [REQUEST_MARKER_HEADER]: '1' } : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as T };
}

async function poll<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

describe('session API on PostgreSQL against the real stack', { skip: skipReason }, () => {
  let postgres: ThrowawayPostgres;
  let stack: RunningStack;

  before(async () => {
    postgres = await startThrowawayPostgres();
    const url = await postgres.createDatabase('parley_e2e');
    stack = await startTestStack('api-postgres', { PARLEY_DATABASE_URL: url });
  });
  after(async () => {
    await stack?.stop();
    await postgres?.stop();
  });

  test('a session is dispatched, reported by the agent, survives an API restart and ends', async () => {
    const health = await api<{ store?: { ready: boolean; kind: string } }>(stack, 'GET', '/api/health');
    assert.deepEqual(health.body.store, { ready: true, kind: 'postgres' });

    const started = await api<SessionSummary>(stack, 'POST', `/api/rooms/${ROOM}/sessions`, { tts: 'festival' });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    const id = started.body.id;
    // The agent joins without any user (explicit dispatch) and LiveKit lists it in the room.
    await poll('the agent to join the room', async () => ((await api<RoomStatusResponse>(stack, 'GET', `/api/rooms/${ROOM}`)).body.agent.present ? true : undefined), 60_000);

    await stack.restart('api');
    const afterRestart = await api<SessionDetail>(stack, 'GET', `/api/sessions/${id}`);
    assert.equal(afterRestart.status, 200);
    assert.equal(afterRestart.body.status, 'active');
    assert.deepEqual(afterRestart.body.options, { tts: 'festival' });

    const ended = await api<SessionSummary>(stack, 'DELETE', `/api/rooms/${ROOM}/sessions/${id}`);
    assert.equal(ended.body.status, 'ended');
    await poll('the agent to leave', async () => ((await api<RoomStatusResponse>(stack, 'GET', `/api/rooms/${ROOM}`)).body.agent.present ? undefined : true), 20_000);
  });
});
