import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningStack } from '@parley/launcher';
import type { RoomStatusResponse, SessionDetail, SessionSummary, TokenResponse } from '@parley/protocol';
import { HeadlessUser } from '@parley/test-harness/headless-user';
import { findPostgresBinDir, startThrowawayPostgres, type ThrowawayPostgres } from '@parley/test-harness/postgres';
import { poll } from '@parley/test-harness/wait';
import { api } from './harness/api.js';
import { speechWav } from './harness/speech.js';
import { startTestStack } from './harness/stack.js';

const ROOM = 'api-postgres-e2e';
const skipReason = findPostgresBinDir() === null ? 'SKIPPED LOUDLY: PostgreSQL binaries are not installed (apt-get install postgresql)' : false;

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

  test('PostgreSQL restarted mid-call: no transcript line is lost', async () => {
    const token = await api<TokenResponse>(stack, 'POST', '/api/token', { room: `${ROOM}-pg-restart`, identity: 'ada' });
    const id = token.body.sessionId;
    assert.ok(id, 'the token started a session');
    const user = await HeadlessUser.join(token.body.serverUrl, token.body.token);
    const spoken = ['the copper kettle is whistling', 'the paper boat is sailing', 'the wooden door is open'];
    try {
      await user.waitForAgentListening(60_000);
      // Waits for a new answer (any words: the check is that nothing is lost, not what was heard).
      const say = async (text: string) => {
        const key = (segment: { identity: string; segmentId: string }) => `${segment.identity}:${segment.segmentId}`;
        const before = new Set(user.transcriptsOf('agent').map(key));
        await user.say(speechWav(text, { leadingSilenceMs: 300, trailingSilenceMs: 400 }));
        await user.waitFor(`the answer to "${text}"`, () => user.transcriptsOf('agent').find((s) => !before.has(key(s)) && s.text.trim() !== ''), 45_000);
      };
      await say(spoken[0] ?? '');
      // The database goes away while the next turn is spoken and answered, then comes back.
      const restarted = postgres.restart(4_000);
      await say(spoken[1] ?? '');
      await restarted;
      const restartedAt = Date.now();
      await say(spoken[2] ?? '');
      const detail = await poll(
        'both sides of all three turns in the stored transcript',
        async () => {
          const res = await api<SessionDetail>(stack, 'GET', `/api/sessions/${id}`);
          if (res.status !== 200) return undefined;
          const count = (role: string) => res.body.transcript.filter((l) => l.role === role).length;
          return count('user') >= spoken.length && count('agent') >= spoken.length ? res.body : undefined;
        },
        60_000,
      );
      const keys = detail.transcript.map((line) => `${line.role}|${line.at}|${line.text}`);
      assert.equal(new Set(keys).size, keys.length, 'no line is stored twice');
      console.log(`PostgreSQL down 4 s mid-call: all ${detail.transcript.length} transcript lines stored, complete ${Date.now() - restartedAt} ms after it came back`);
    } finally {
      await user.leave();
    }
  });
});
