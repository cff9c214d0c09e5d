import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { RunningStack } from '@parley/launcher';
import { HeadlessUser } from '@parley/test-harness/headless-user';
import { poll } from '@parley/test-harness/wait';
import { agentLogEntries } from './harness/agent-log.js';
import { speechWav } from './harness/speech.js';
import { requestToken, startTestStack } from './harness/stack.js';

/**
 * The agent worker's own life: a worker told to stop (SIGTERM, as on a deploy) drains — the
 * conversations it runs go on to their end, it takes no new one, then it exits — and a LiveKit
 * outage longer than the worker's reconnect budget needs nobody to restart anything.
 */

const NAME = 'worker-lifecycle';
// One try to reach LiveKit (2 s) instead of ten (≈ 80 s) keeps the outage test short; the path is the same.
const RECONNECT_ATTEMPTS = 1;
let stack: RunningStack;

before(async () => {
  stack = await startTestStack(NAME, { PARLEY_AGENT_RECONNECT_ATTEMPTS: String(RECONNECT_ATTEMPTS) });
});

after(async () => {
  await stack?.stop();
});

/** Polls every 200 ms; a check that throws is a failure, not a reason to retry. */
const until = <T>(what: string, timeoutMs: number, check: () => Promise<T | undefined> | T | undefined): Promise<T> =>
  poll(what, check, timeoutMs, { intervalMs: 200, retryOnError: false });

async function answered(user: HeadlessUser, text: string, word: RegExp): Promise<void> {
  await user.say(speechWav(text, { leadingSilenceMs: 300, trailingSilenceMs: 400 }));
  await user.waitFor(`an answer about ${word}`, () => user.transcriptsOf('agent').find((s) => word.test(s.text)), 45_000);
}

const workerHealthy = async (): Promise<true | undefined> => ((await fetch(stack.agentHealthUrl).catch(() => null))?.ok ? true : undefined);

test('SIGTERM drains the worker: the running conversation goes on, no new one is taken, then it exits', async () => {
  const { serverUrl, token } = await requestToken(stack, `drain-${Date.now()}`, 'ada');
  const user = await HeadlessUser.join(serverUrl, token);
  let userLeft = false;
  try {
    await user.waitForAgentListening(60_000);
    const worker = stack.supervisor.current('agent');
    assert.ok(worker?.process.pid !== undefined);
    process.kill(worker.process.pid, 'SIGTERM');
    const termAt = Date.now();

    // Still answered after the worker was told to stop.
    await answered(user, 'the silver spoon is in the drawer', /spoon/i);
    assert.equal(worker.process.exitCode, null, 'the worker waits for its conversation');

    // A new conversation is not taken by the draining worker.
    const jobsBefore = agentLogEntries(NAME, 'received job request').length;
    const next = await requestToken(stack, `during-drain-${Date.now()}`, 'bob');
    await until('the draining worker to be offered the new job or not', 5_000, () => (agentLogEntries(NAME, 'received job request').length > jobsBefore ? true : undefined)).catch(() => undefined);
    const refused = agentLogEntries(NAME).some((entry) => String(entry.msg).includes('draining'));
    const offered = agentLogEntries(NAME, 'received job request').length > jobsBefore;
    assert.ok(!offered || refused, 'a job offered to the draining worker is refused');
    void next;

    const leftAt = Date.now();
    await user.leave();
    userLeft = true;
    const exit = await worker.exited;
    const drainedMs = Date.now() - leftAt;
    assert.equal(exit, '143', 'the worker exits as a drained worker does');
    await until('the launcher to start the worker again', 30_000, () => {
      const pid = stack.supervisor.current('agent')?.process.pid;
      return pid !== undefined && pid !== worker.process.pid ? pid : undefined;
    });
    await until('the new worker to register', 60_000, workerHealthy);
    console.log(`SIGTERM drain: conversation answered after the signal; worker exited ${drainedMs} ms after its last person left (${Date.now() - termAt} ms after SIGTERM in all), and was started again`);
  } finally {
    if (!userLeft) await user.leave();
  }
});

test('LiveKit down longer than the reconnect budget: the worker comes back by itself', async () => {
  await until('the worker to be registered', 60_000, workerHealthy);
  const before = stack.supervisor.current('agent')?.process.pid;
  await stack.supervisor.stop('livekit');
  const downAt = Date.now();
  // Longer than the budget: the worker gives up, exits, and the launcher starts it again.
  await until('the worker to give up and be started again', 60_000, () => {
    const pid = stack.supervisor.current('agent')?.process.pid;
    return pid !== undefined && pid !== before ? pid : undefined;
  });
  const gaveUpMs = Date.now() - downAt;
  await stack.restart('livekit');
  const backAt = Date.now();
  await until('the worker to register with the LiveKit that came back', 90_000, workerHealthy);
  const registeredMs = Date.now() - backAt;

  const { serverUrl, token } = await requestToken(stack, `after-outage-${Date.now()}`, 'carol');
  const user = await HeadlessUser.join(serverUrl, token);
  try {
    await user.waitForAgentListening(60_000);
    await answered(user, 'the orange cat is asleep', /cat/i);
  } finally {
    await user.leave();
  }
  console.log(
    `LiveKit outage of ${backAt - downAt} ms: the worker gave up after ${gaveUpMs} ms (${RECONNECT_ATTEMPTS} reconnect attempt) and was restarted by the launcher; ` +
      `registered ${registeredMs} ms after LiveKit came back; the next person was answered`,
  );
});
