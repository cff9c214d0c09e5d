import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { RunningStack } from '@parley/launcher';
import { HeadlessUser } from './harness/headless-user.js';
import { requestToken, startTestStack } from './harness/stack.js';

/**
 * The agent worker dies (killed outright, as by the kernel's OOM killer): the launcher must start
 * it again by itself, and the next person must get an agent without anyone restarting anything.
 */

let stack: RunningStack;

before(async () => {
  stack = await startTestStack('agent-restart');
});

after(async () => {
  await stack?.stop();
});

async function until<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

test('a killed agent worker is started again by the launcher and takes the next conversation', async () => {
  const killed = stack.supervisor.current('agent');
  const killedPid = killed?.process.pid;
  assert.ok(killedPid !== undefined, 'the agent worker is running');
  const killedAt = Date.now();
  process.kill(killedPid, 'SIGKILL');
  assert.equal(await killed?.exited, 'SIGKILL');

  const restarted = await until('the launcher to start the agent again', 30_000, () => {
    const pid = stack.supervisor.current('agent')?.process.pid;
    return pid !== undefined && pid !== killedPid ? pid : undefined;
  });
  await until('the restarted worker to register with LiveKit', 60_000, async () => ((await fetch(stack.agentHealthUrl).catch(() => null))?.ok ? true : undefined));
  const registeredMs = Date.now() - killedAt;

  const room = `after-restart-${Date.now()}`;
  const { serverUrl, token } = await requestToken(stack, room, 'next-person');
  const user = await HeadlessUser.join(serverUrl, token);
  try {
    await user.waitForAgentListening(60_000);
  } finally {
    await user.leave();
  }
  console.log(`agent worker killed: restarted as pid ${restarted}, registered ${registeredMs} ms after the kill, next person's agent listening ${Date.now() - killedAt} ms after it`);
});
