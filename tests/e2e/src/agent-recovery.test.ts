import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { RunningStack } from '@parley/launcher';
import type { SessionDetail, TokenResponse } from '@parley/protocol';
import { ParticipantKind } from '@livekit/rtc-node';
import { HeadlessUser } from '@parley/test-harness/headless-user';
import { poll } from '@parley/test-harness/wait';
import { agentLogEntries } from './harness/agent-log.js';
import { api } from './harness/api.js';
import { speechWav } from './harness/speech.js';
import { requestToken, startTestStack } from './harness/stack.js';

/**
 * The agent dies mid-call, two ways: its job process is killed (the kernel's OOM killer, a native
 * crash), or the whole worker is killed and the launcher starts it again. Either way the person
 * must get an agent back by themselves, hear it say so, find the conversation's history kept (no
 * line lost or doubled in the stored transcript) and be answered again.
 */

const NAME = 'agent-recovery';
let stack: RunningStack;

before(async () => {
  stack = await startTestStack(NAME);
});

after(async () => {
  await stack?.stop();
});

function agentIdentities(user: HeadlessUser): string[] {
  return [...user.room.remoteParticipants.values()].filter((p) => p.kind === ParticipantKind.AGENT).map((p) => p.identity);
}

/** Speaks `text` and waits for a new answer from the agent (not its take-over notice); returns the answer. */
async function turn(user: HeadlessUser, text: string): Promise<string> {
  const key = (s: { identity: string; segmentId: string }) => `${s.identity}:${s.segmentId}`;
  const before = new Set(user.transcriptsOf('agent').map(key));
  await user.say(speechWav(text, { leadingSilenceMs: 300, trailingSilenceMs: 400 }));
  const reply = await user.waitFor(`the agent's answer to "${text}"`, () => user.transcriptsOf('agent').find((s) => !before.has(key(s)) && !/dropped out/i.test(s.text) && s.text.trim() !== ''), 45_000);
  return reply.text;
}

function jobPidOf(sessionId: string): number {
  const started = agentLogEntries(NAME).filter((entry) => entry.sessionId === sessionId && typeof entry.pid === 'number' && String(entry.msg).startsWith('providers for this session'));
  const pid = started.at(-1)?.pid;
  assert.ok(pid !== undefined, 'the agent log names the job process of the session');
  return pid;
}

interface Recovery {
  /** Kill to the replacement agent's participant in the room. */
  joinedMs: number;
  /** Kill to the first loud audio of the replacement's spoken notice. */
  heardMs: number;
}

/** Waits for a replacement agent after `killedAt` and checks what the person hears and sees. */
async function awaitReplacement(user: HeadlessUser, deadAgent: string, killedAt: number, timeoutMs: number): Promise<Recovery> {
  const replacement = await user.waitFor('a replacement agent in the room', () => agentIdentities(user).find((identity) => identity !== deadAgent), timeoutMs);
  const joinedMs = Date.now() - killedAt;
  await user.waitFor('the dead agent to be gone from the room', () => !agentIdentities(user).includes(deadAgent), 5_000);
  const notice = await user.waitFor(
    "the replacement's spoken notice",
    () => user.transcriptsOf('agent').find((s) => s.identity === replacement && /dropped out/i.test(s.text)),
    30_000,
  );
  const heard = await user.waitFor('the notice to be heard', () => user.firstAgentAudioAfter(killedAt), 15_000);
  assert.ok(notice.text.length > 0);
  return { joinedMs, heardMs: heard.at - killedAt };
}

/** The stored transcript keeps every line from before the death exactly once, and goes on after it. */
async function checkStoredTranscript(sessionId: string, beforeDeath: SessionDetail['transcript']): Promise<SessionDetail> {
  const detail = await poll(
    'the stored transcript to include the notice and an answer after it',
    async () => {
      const res = await api<SessionDetail>(stack, 'GET', `/api/sessions/${sessionId}`);
      const lines = res.body.transcript;
      const notice = lines.findIndex((l) => l.role === 'agent' && /dropped out/i.test(l.text));
      return notice >= beforeDeath.length && lines.slice(notice + 1).some((l) => l.role === 'agent') ? res.body : undefined;
    },
    30_000,
  );
  assert.equal(detail.status, 'active', 'the session carries on');
  assert.deepEqual(detail.transcript.slice(0, beforeDeath.length), beforeDeath, 'lines from before the death are kept, in order');
  const keys = detail.transcript.map((line) => `${line.role}|${line.at}|${line.text}`);
  assert.equal(new Set(keys).size, keys.length, 'no line is stored twice');
  return detail;
}

async function storedLines(sessionId: string, atLeast: number): Promise<SessionDetail['transcript']> {
  return poll(
    'the transcript so far in the API',
    async () => {
      const res = await api<SessionDetail>(stack, 'GET', `/api/sessions/${sessionId}`);
      return res.body.transcript.length >= atLeast ? res.body.transcript : undefined;
    },
    15_000,
  );
}

interface Conversation {
  user: HeadlessUser;
  sessionId: string;
  /** The agent that answered the first turn, about to be killed. */
  deadAgent: string;
  /** The stored transcript before the death: the first turn, both sides. */
  beforeDeath: SessionDetail['transcript'];
}

/** A person joins `room`, gets an agent and is answered once: the conversation the agent dies in. */
async function conversationOfOneTurn(room: string, identity: string, text: string): Promise<Conversation> {
  const token = await api<TokenResponse>(stack, 'POST', '/api/token', { room, identity });
  assert.equal(token.status, 200);
  const sessionId = token.body.sessionId;
  assert.ok(sessionId, 'the token started a session');
  const user = await HeadlessUser.join(token.body.serverUrl, token.body.token);
  try {
    await user.waitForAgentListening(60_000);
    await turn(user, text);
    const deadAgent = user.agentIdentity;
    assert.ok(deadAgent !== null);
    return { user, sessionId, deadAgent, beforeDeath: await storedLines(sessionId, 2) };
  } catch (error) {
    await user.leave();
    throw error;
  }
}

test('a killed job process: the person gets a replacement agent that carries on the conversation', async () => {
  const { user, sessionId, deadAgent, beforeDeath } = await conversationOfOneTurn(`job-killed-${Date.now()}`, 'ada', 'the blue kettle is on the stove');
  try {
    const killedAt = Date.now();
    process.kill(jobPidOf(sessionId), 'SIGKILL');
    const recovery = await awaitReplacement(user, deadAgent, killedAt, 30_000);

    const answer = await turn(user, 'the green lamp is by the window');
    const detail = await checkStoredTranscript(sessionId, beforeDeath);
    const replaced = agentLogEntries(NAME, 'took over the conversation').at(-1);
    assert.ok(replaced, 'the replacement logged that it took over');
    assert.equal(replaced['historyEntries'], beforeDeath.length, 'the replacement was given every line so far');
    console.log(
      `job process killed: replacement agent in the room after ${recovery.joinedMs} ms, its notice heard after ${recovery.heardMs} ms; ` +
        `next answer "${answer}"; stored transcript ${detail.transcript.length} lines, none lost or doubled`,
    );
  } finally {
    await user.leave();
  }
});

test('a killed worker: the launcher restarts it, the person gets an agent back, and the next person too', async () => {
  const { user, sessionId, deadAgent, beforeDeath } = await conversationOfOneTurn(`worker-killed-${Date.now()}`, 'grace', 'the red apple is on the table');
  try {
    const killed = stack.supervisor.current('agent');
    const killedPid = killed?.process.pid;
    assert.ok(killedPid !== undefined, 'the agent worker is running');
    const killedAt = Date.now();
    process.kill(killedPid, 'SIGKILL');
    assert.equal(await killed?.exited, 'SIGKILL');

    const recovery = await awaitReplacement(user, deadAgent, killedAt, 60_000);
    const restartedPid = stack.supervisor.current('agent')?.process.pid;
    assert.ok(restartedPid !== undefined && restartedPid !== killedPid, 'the launcher started a new worker');
    await turn(user, 'the yellow umbrella is by the door');
    await checkStoredTranscript(sessionId, beforeDeath);

    const next = await requestToken(stack, `after-restart-${Date.now()}`, 'next-person');
    const nextUser = await HeadlessUser.join(next.serverUrl, next.token);
    try {
      await nextUser.waitForAgentListening(60_000);
    } finally {
      await nextUser.leave();
    }
    console.log(`agent worker killed: restarted as pid ${restartedPid}; replacement agent in the room after ${recovery.joinedMs} ms, its notice heard after ${recovery.heardMs} ms; the next person got an agent`);
  } finally {
    await user.leave();
  }
});
