import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { RunningStack } from '@parley/launcher';
import { type RoomStatusResponse, type SessionDetail, type SessionListResponse, type SessionSummary, type TokenResponse } from '@parley/protocol';
import { HeadlessUser } from '@parley/test-harness/headless-user';
import { poll } from '@parley/test-harness/wait';
import { api } from './harness/api.js';
import { resultsDir } from './harness/paths.js';
import { speechWav } from './harness/speech.js';
import { startTestStack } from './harness/stack.js';
import { summarize } from './harness/stats.js';

const ROOM = 'api-sessions-e2e';

describe('session API against the real stack', () => {
  let stack: RunningStack;
  let user: HeadlessUser | undefined;
  let sessionId = '';
  const timings: Record<string, unknown> = {};

  before(async () => {
    const dbDir = mkdtempSync(path.join(tmpdir(), 'parley-e2e-db-'));
    stack = await startTestStack('api-sessions', { PARLEY_DATABASE_URL: `sqlite:${path.join(dbDir, 'parley.db')}` });
  });
  after(async () => {
    await user?.leave().catch(() => undefined);
    await stack?.stop();
    const dir = path.join(resultsDir, 'api-sessions');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'timings.json'), `${JSON.stringify(timings, null, 2)}\n`);
  });

  test('health reports the store, and the OpenAPI document is served', async () => {
    const health = await api<{ status: string; store?: { ready: boolean; kind: string } }>(stack, 'GET', '/api/health');
    assert.equal(health.status, 200);
    assert.deepEqual(health.body.store, { ready: true, kind: 'sqlite' });
    const doc = await api<{ openapi: string; paths: Record<string, unknown> }>(stack, 'GET', '/api/openapi.json');
    assert.equal(doc.body.openapi, '3.1.0');
    assert.ok('/api/rooms/{room}/sessions' in doc.body.paths);
  });

  test('a session started via the API records both sides of a spoken turn and its metrics', async () => {
    const room = await api<{ name: string; created: boolean }>(stack, 'POST', '/api/rooms', { name: ROOM });
    assert.equal(room.status, 201);
    const started = await api<SessionSummary>(stack, 'POST', `/api/rooms/${ROOM}/sessions`, { instructions: 'Answer briefly.' });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    sessionId = started.body.id;

    // The user's token joins the running session rather than starting a second agent.
    const token = await api<TokenResponse>(stack, 'POST', '/api/token', { room: ROOM, identity: 'api-tester' });
    assert.equal(token.status, 200);
    assert.equal(token.body.sessionId, sessionId);
    user = await HeadlessUser.join(token.body.serverUrl, token.body.token);
    await user.waitForAgentListening(60_000);

    const status = await poll(
      'the room status to show the agent listening and the user\'s microphone',
      async () => {
        const res = await api<RoomStatusResponse>(stack, 'GET', `/api/rooms/${ROOM}`);
        const me = res.body.participants.find((p) => p.identity === 'api-tester');
        return res.body.agent.present && res.body.agent.state === 'listening' && me?.tracks.some((t) => t.source === 'microphone') ? res.body : undefined;
      },
      15_000,
    );
    assert.equal(status.activeSessionId, sessionId);

    const spokenAt = Date.now();
    await user.say(speechWav('what is the weather like today', { leadingSilenceMs: 200, trailingSilenceMs: 300 }));
    const detail = await poll(
      'the transcript (user and agent) and a turn\'s metrics in GET /api/sessions/{id}',
      async () => {
        const res = await api<SessionDetail>(stack, 'GET', `/api/sessions/${sessionId}`);
        const roles = new Set(res.body.transcript.map((entry) => entry.role));
        return roles.has('user') && roles.has('agent') && res.body.turns.length >= 1 ? res.body : undefined;
      },
      45_000,
    );
    timings.transcriptVisibleInApiMs = Date.now() - spokenAt;
    const userLine = detail.transcript.find((entry) => entry.role === 'user');
    assert.match(userLine?.text ?? '', /weather/);
    assert.equal(detail.status, 'active');
    assert.ok(detail.turnCount >= 1);
    timings.firstTurn = detail.turns[0];
    timings.sessionLatency = detail.latency;
  });

  test('sessions and transcripts survive an API restart', async () => {
    assert.ok(sessionId, 'previous test must have started a session');
    const beforeRestart = await api<SessionDetail>(stack, 'GET', `/api/sessions/${sessionId}`);
    const restartStarted = Date.now();
    await stack.restart('api');
    timings.apiRestartMs = Date.now() - restartStarted;
    const afterRestart = await api<SessionDetail>(stack, 'GET', `/api/sessions/${sessionId}`);
    assert.equal(afterRestart.status, 200);
    assert.equal(afterRestart.body.status, 'active');
    assert.deepEqual(afterRestart.body.transcript.slice(0, beforeRestart.body.transcript.length), beforeRestart.body.transcript);
    assert.deepEqual(afterRestart.body.turns.slice(0, beforeRestart.body.turns.length), beforeRestart.body.turns);
    const listed = await api<SessionListResponse>(stack, 'GET', '/api/sessions?status=active');
    assert.ok(listed.body.sessions.some((s) => s.id === sessionId));
  });

  test('DELETE ends the session and the agent leaves the room', async () => {
    const ended = await api<SessionSummary>(stack, 'DELETE', `/api/rooms/${ROOM}/sessions/${sessionId}`);
    assert.equal(ended.status, 200, JSON.stringify(ended.body));
    assert.equal(ended.body.status, 'ended');
    assert.equal(ended.body.endReason, 'ended-by-api');
    const room = await poll(
      'the agent to leave the room',
      async () => {
        const res = await api<RoomStatusResponse>(stack, 'GET', `/api/rooms/${ROOM}`);
        return res.body.agent.present ? undefined : res.body;
      },
      20_000,
    );
    assert.equal(room.activeSessionId, null);
    assert.ok(room.participants.some((p) => p.identity === 'api-tester'), 'the user stays in the room');
    const listed = await api<SessionListResponse>(stack, 'GET', '/api/sessions?status=ended');
    assert.ok(listed.body.sessions.some((s) => s.id === sessionId));
  });

  test('token minting latency over a small loop (measured, not asserted)', async () => {
    const samples: number[] = [];
    for (let index = 0; index < 40; index += 1) {
      const startedAt = performance.now();
      const res = await api<TokenResponse>(stack, 'POST', '/api/token', { room: 'latency-loop', identity: `u${index}`, dispatchAgent: false });
      samples.push(performance.now() - startedAt);
      assert.equal(res.status, 200);
    }
    timings.tokenMintMs = summarize(samples);
    console.info(`token minting over HTTP (40 calls): ${JSON.stringify(timings.tokenMintMs)}`);
  });
});
