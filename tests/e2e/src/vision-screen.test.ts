import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ParticipantKind } from '@livekit/rtc-node';
import type { RunningStack } from '@parley/launcher';
import { ATTRIBUTE_AGENT_VIEWING } from '@parley/protocol';
import { HeadlessUser } from '@parley/test-harness/headless-user';
import { agentLogEntries } from './harness/agent-log.js';
import { resultsDir } from './harness/paths.js';
import { ScreenShare } from './harness/screen-share.js';
import { speechWav } from './harness/speech.js';
import { requestToken, startTestStack } from './harness/stack.js';

const STACK_NAME = 'vision-screen';
const REPLY_TIMEOUT_MS = 25_000;
const QUESTION = 'what is on my screen';

/** What the agent says it views; LiveKit drops an attribute set to '', so missing reads as ''. */
function agentViewing(user: HeadlessUser): string {
  const agent = [...user.room.remoteParticipants.values()].find((participant) => participant.kind === ParticipantKind.AGENT);
  return agent?.attributes[ATTRIBUTE_AGENT_VIEWING] ?? '';
}

async function waitForAgentQuiet(user: HeadlessUser): Promise<void> {
  await user.waitFor(
    'the agent to finish speaking',
    () => {
      const last = user.lastLoudAgentFrame();
      return (last === undefined || Date.now() - last.at > 600) && user.agentState() === 'listening';
    },
    REPLY_TIMEOUT_MS,
  );
}

interface AskResult {
  answer: string;
  heard: string;
  voiceToVoiceMs: number;
}

/** Asks by voice and waits for the agent's transcribed answer to match `expected`. */
async function ask(user: HeadlessUser, question: string, expected: RegExp): Promise<AskResult> {
  const answersBefore = user.transcriptsOf('agent').length;
  const utterance = await user.say(speechWav(question, { trailingSilenceMs: 200 }));
  const firstAudio = await user.waitFor(`a spoken reply to "${question}"`, () => user.firstAgentAudioAfter(utterance.speechEndAt), REPLY_TIMEOUT_MS);
  const answer = await user.waitFor(
    `an answer matching ${expected}`,
    () => user.transcriptsOf('agent').slice(answersBefore).map((segment) => segment.text).find((text) => expected.test(text.toLowerCase())),
    REPLY_TIMEOUT_MS,
  ).catch((error: unknown) => {
    const heard = user.transcriptsOf('user').map((segment) => segment.text).join(' | ');
    const said = user.transcriptsOf('agent').slice(answersBefore).map((segment) => segment.text).join(' | ');
    throw new Error(`${String(error)}; user transcript: "${heard}"; agent said: "${said}"`);
  });
  await waitForAgentQuiet(user);
  const heard = user.transcriptsOf('user').at(-1)?.text ?? '';
  return { answer, heard, voiceToVoiceMs: firstAudio.at - utterance.speechEndAt };
}

describe('the agent reads a shared screen (headless user through the real LiveKit server)', () => {
  let stack: RunningStack;
  const startedAt = Date.now();
  before(async () => {
    stack = await startTestStack(STACK_NAME);
  });
  after(async () => {
    await stack?.stop();
  });

  test('asked by voice, the agent reads the screen text back, follows a change, and stops viewing when the share ends', async () => {
    const { serverUrl, token } = await requestToken(stack, `vision-${Date.now()}`, 'vision-tester');
    const user = await HeadlessUser.join(serverUrl, token);
    let share: ScreenShare | null = null;
    try {
      await user.waitForAgentListening();
      assert.equal(agentViewing(user), '', 'the agent views nothing before a share');

      // A turn without a screen: the baseline for the latency the screen adds.
      const baseline = await ask(user, 'what is the weather like today', /weather/);

      share = await ScreenShare.start(user.room, ['PURPLE ELEPHANT 4821', 'Quarterly report draft']);
      await user.waitFor('the agent to say it views the screen', () => agentViewing(user) === 'screen', 15_000);
      // Give the agent's sampler a moment to read the screen before asking, as a person would.
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const first = await ask(user, QUESTION, /purple elephant 4821/);
      assert.match(first.answer.toLowerCase(), /quarterly report draft/);

      // The screen changes right before the question: the answer must follow it.
      await share.show(['GREEN BICYCLE 7305', 'Meeting at noon']);
      const second = await ask(user, QUESTION, /green bicycle 7305/);
      assert.doesNotMatch(second.answer.toLowerCase(), /purple elephant/);

      await share.stop();
      share = null;
      await user.waitFor('the agent to stop viewing', () => agentViewing(user) === '', 15_000);
      const none = await ask(user, QUESTION, /can't see your screen/);

      const logs = agentLogEntries(STACK_NAME).filter((entry) => (entry.time ?? 0) >= startedAt);
      const attached = logs.filter((entry) => entry.msg === 'vision context attached').map((entry) => entry as { waitedMs: number; viewing: string });
      const reads = logs.filter((entry) => entry.msg === 'screen read').map((entry) => Number(entry.durationMs));
      const result = {
        baseline,
        first,
        second,
        none,
        attachWaitMs: attached.map((entry) => ({ viewing: entry.viewing, waitedMs: entry.waitedMs })),
        ocrReadMs: reads,
        framesSent: null as number | null,
      };
      mkdirSync(resultsDir, { recursive: true });
      writeFileSync(path.join(resultsDir, 'vision-screen.json'), JSON.stringify(result, null, 2));
      console.log(
        `vision: baseline turn ${baseline.voiceToVoiceMs} ms voice-to-voice; screen turns ${first.voiceToVoiceMs} ms and ${second.voiceToVoiceMs} ms (changed just before); ` +
          `vision context wait per turn ${attached.map((entry) => entry.waitedMs).join(', ')} ms; OCR reads ${reads.join(', ')} ms`,
      );
      console.log(`vision: heard "${first.heard}" → "${first.answer}"; then "${second.answer}"; without share "${none.answer}"`);
    } finally {
      await share?.stop();
      await user.leave();
    }
  });
});
