import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ParticipantKind } from '@livekit/rtc-node';
import type { RunningStack } from '@parley/launcher';
import { ATTRIBUTE_AGENT_VIEWING, TOPIC_CHAT, type TurnMetrics } from '@parley/protocol';
import { HeadlessUser, SPEECH_RMS_THRESHOLD } from '@parley/test-harness/headless-user';
import { agentLogEntries, type AgentLogEntry } from './harness/agent-log.js';
import { readingsOfTimeBetween, wallClock } from './harness/clock.js';
import { repoRoot, resultsDir } from './harness/paths.js';
import { ScreenShare } from './harness/screen-share.js';
import { speechWav } from './harness/speech.js';
import { requestToken, startTestStack } from './harness/stack.js';

/*
 * The assistant with its REAL local brain: Qwen2.5-Coder-1.5B-Instruct (GGUF, node-llama-cpp),
 * the `local` LLM provider, through the real stack (LiveKit, agent worker, API, Whisper, Piper).
 * A headless user speaks or types and the tests check what that user hears and reads: the agent's
 * audio and its lk.transcription text. Nothing is scripted by the test: the answers are the agent's.
 */

const STACK_NAME = 'local-brain';
const MODEL_NAME = 'qwen2.5-coder-1.5b-instruct-q4_k_m';
const MODEL_PATH = path.join(repoRoot, '.parley', 'models', MODEL_NAME, `${MODEL_NAME}.gguf`);
/** The stack as installed: 'auto' is the local model (MODEL_NAME by default) when it is there. */
const LOCAL_BRAIN: Record<string, string> = { PARLEY_LLM: 'auto' };
/** Not the machine's zone (UTC here), with a half-hour offset: the time must come from the agent's tool. */
const TIMEZONE = 'Asia/Kolkata';
/** A fresh job's first reply on a 2-core CPU takes seconds; a stuck one should not hold the file for long. */
const REPLY_TIMEOUT_MS = 60_000;
/** The agent has answered and gone quiet for this long: its reply is over. */
const QUIET_MS = 3000;

const skipReason = existsSync(MODEL_PATH) ? false : `SKIPPED LOUDLY: the local model is not installed (${MODEL_PATH})`;

interface Expectation {
  description: string;
  matches: (text: string) => boolean;
}

const matching = (pattern: RegExp): Expectation => ({ description: String(pattern), matches: (text) => pattern.test(text) });

interface Reply {
  /** Everything the agent said in its reply, from the transcript. */
  text: string;
  /** From the question (end of speech, or the typed message sent) to the first loud agent audio. */
  firstAudioMs: number;
  /** From the question until the transcript showed the expected answer. */
  answerMs: number;
  metrics: TurnMetrics[];
}

const agentSaidSince = (user: HeadlessUser, segmentsBefore: number): string =>
  user
    .transcriptsOf('agent')
    .slice(segmentsBefore)
    .map((segment) => segment.text.trim())
    .join(' ');

/** The agent is listening, has been for QUIET_MS, and has not made a sound for as long. */
function agentQuiet(user: HeadlessUser): boolean {
  const lastState = user.agentStates.at(-1);
  const lastLoud = user.lastLoudAgentFrame();
  const now = Date.now();
  return (
    user.agentState() === 'listening' &&
    (lastState === undefined || now - lastState.at >= QUIET_MS) &&
    (lastLoud === undefined || now - lastLoud.at >= QUIET_MS)
  );
}

/**
 * Waits for the agent's spoken and transcribed answer to a question asked at `askedAt`. Fails as
 * soon as the agent has finished a reply that does not meet `expected`, or after REPLY_TIMEOUT_MS.
 * Resolves once the reply is over, with the whole of it.
 */
async function awaitReply(user: HeadlessUser, askedAt: number, segmentsBefore: number, expected: Expectation): Promise<Reply> {
  const metricsBefore = user.turnMetrics.length;
  const deadline = Date.now() + REPLY_TIMEOUT_MS;
  let answeredAt = 0;
  for (;;) {
    const text = agentSaidSince(user, segmentsBefore);
    if (expected.matches(text)) {
      answeredAt = Date.now();
      break;
    }
    // Over: the agent took its turn (it spoke, or left 'listening' to think) and is quiet again.
    const tookTurn =
      user.transcriptsOf('agent').slice(segmentsBefore).some((segment) => segment.final) ||
      user.agentStates.some((change) => change.at >= askedAt && change.state !== 'listening');
    const finished = tookTurn && agentQuiet(user);
    if (finished || Date.now() > deadline) {
      const heard = user.transcriptsOf('user').map((segment) => segment.text).join(' | ');
      throw new Error(
        `${finished ? 'the agent finished its reply' : `timed out after ${REPLY_TIMEOUT_MS} ms`} without ${expected.description}; ` +
          `agent said: "${text}"; user transcript: "${heard}"`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const firstAudio = await user.waitFor('the spoken answer', () => user.firstAgentAudioAfter(askedAt), Math.max(1000, deadline - Date.now()));
  assert.ok(firstAudio.rms > SPEECH_RMS_THRESHOLD);
  await user.waitFor('the agent to finish speaking', () => agentQuiet(user), REPLY_TIMEOUT_MS);
  return {
    text: agentSaidSince(user, segmentsBefore),
    firstAudioMs: firstAudio.at - askedAt,
    answerMs: answeredAt - askedAt,
    metrics: user.turnMetrics.slice(metricsBefore),
  };
}

/** A person waits for the agent to finish before asking the next thing. */
async function untilAgentQuiet(user: HeadlessUser): Promise<void> {
  await user.waitFor('the agent to finish its previous reply', () => agentQuiet(user), REPLY_TIMEOUT_MS);
}

async function type(user: HeadlessUser, message: string, expected: Expectation): Promise<Reply & { askedAt: number }> {
  await untilAgentQuiet(user);
  const segmentsBefore = user.transcriptsOf('agent').length;
  const askedAt = Date.now();
  await user.room.localParticipant!.sendText(message, { topic: TOPIC_CHAT });
  return { askedAt, ...(await awaitReply(user, askedAt, segmentsBefore, expected)) };
}

async function say(user: HeadlessUser, question: string, expected: Expectation): Promise<Reply & { askedAt: number; heard: string }> {
  await untilAgentQuiet(user);
  const segmentsBefore = user.transcriptsOf('agent').length;
  const userSegmentsBefore = user.transcriptsOf('user').length;
  const utterance = await user.say(speechWav(question, { trailingSilenceMs: 200 }));
  const reply = await awaitReply(user, utterance.speechEndAt, segmentsBefore, expected);
  const heard = user
    .transcriptsOf('user')
    .slice(userSegmentsBefore)
    .map((segment) => segment.text)
    .join(' ');
  return { askedAt: utterance.speechEndAt, heard, ...reply };
}

/** The tool names of a 'tools executed' log line. */
function toolsOf(entry: AgentLogEntry): string[] {
  const tools: unknown = entry.tools;
  return Array.isArray(tools) ? (tools as unknown[]).filter((tool): tool is string => typeof tool === 'string') : [];
}

function agentViewing(user: HeadlessUser): string {
  const agent = [...user.room.remoteParticipants.values()].find((participant) => participant.kind === ParticipantKind.AGENT);
  return agent?.attributes[ATTRIBUTE_AGENT_VIEWING] ?? '';
}

describe('the agent thinks with the real local model (headless user through the real stack)', { skip: skipReason }, () => {
  let stack: RunningStack;
  // One conversation, as a user has it: every test is a turn or two of it, in order.
  let user: HeadlessUser;
  const measurements: Record<string, unknown> = {};

  before(async () => {
    const startedAt = Date.now();
    stack = await startTestStack(STACK_NAME, { ...LOCAL_BRAIN, PARLEY_TIMEZONE: TIMEZONE });
    measurements.stackStartMs = Date.now() - startedAt;
    const { serverUrl, token } = await requestToken(stack, `local-brain-${Date.now()}`, 'local-brain-tester');
    const joinedAt = Date.now();
    user = await HeadlessUser.join(serverUrl, token);
    await user.waitForAgentListening(REPLY_TIMEOUT_MS);
    measurements.agentListeningMs = Date.now() - joinedAt;
    // The operator's view: which brain this conversation got ('auto' falls back to echo without the model).
    const roomName = user.room.name;
    const providers = await user.waitFor(
      "the agent's providers log line",
      () => agentLogEntries(STACK_NAME, 'providers for this session').find((entry) => entry.room === roomName),
      5000,
    );
    assert.equal(providers.llm, 'local', `the conversation runs on the local model: ${JSON.stringify(providers)}`);
  });
  after(async () => {
    await user?.leave();
    await stack?.stop();
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(path.join(resultsDir, 'local-brain.json'), JSON.stringify({ model: MODEL_NAME, timezone: TIMEZONE, measurements }, null, 2));
  });

  test('a spoken factual question is answered by voice and in the transcript', async () => {
    const reply = await say(user, 'what is the capital of japan', matching(/tokyo/i));
    assert.match(reply.heard.toLowerCase(), /japan/, 'the agent heard the question');
    measurements.spoken = { heard: reply.heard, reply: reply.text, voiceToVoiceMs: reply.firstAudioMs, answerMs: reply.answerMs, metrics: reply.metrics };
    console.log(`spoken: heard "${reply.heard}" → "${reply.text}"; voice-to-voice ${reply.firstAudioMs} ms`);
  });

  test('a typed question on lk.chat is answered by voice and in the transcript', async () => {
    const reply = await type(user, 'who wrote romeo and juliet', matching(/shakespeare/i));
    measurements.typed = { reply: reply.text, firstAudioMs: reply.firstAudioMs, answerMs: reply.answerMs, metrics: reply.metrics };
    console.log(`typed: "${reply.text}"; first audio ${reply.firstAudioMs} ms`);
  });

  test('asked the time by voice, the agent calls its time tool and says the time of its zone', async () => {
    const askedAt = Date.now();
    const roomName = user.room.name;
    const ranBefore = agentLogEntries(STACK_NAME, 'tools executed').filter((entry) => entry.room === roomName).length;
    let readings: string[] = [];
    const reply = await say(user, 'what time is it', {
      description: `the time in ${TIMEZONE} (about ${JSON.stringify(wallClock(askedAt, TIMEZONE))})`,
      matches: (text) => {
        readings = readingsOfTimeBetween(text, TIMEZONE, askedAt, Date.now()).map((reading) => reading.text);
        return readings.length > 0;
      },
    });
    // The operator's view of the same turn: the agent logs every tool it ran.
    const toolRuns = await user
      .waitFor(
        'the agent log to show get_current_time ran',
        () => {
          const runs = agentLogEntries(STACK_NAME, 'tools executed').filter((entry) => entry.room === roomName).slice(ranBefore);
          return runs.some((entry) => toolsOf(entry).includes('get_current_time')) ? runs : undefined;
        },
        5000,
      )
      .catch(() => {
        throw new Error(`the agent answered "${reply.text}" without running get_current_time (no 'tools executed' log line for this turn)`);
      });
    measurements.time = {
      heard: reply.heard,
      reply: reply.text,
      saidTimes: readings,
      toolRuns: toolRuns.map(toolsOf),
      voiceToVoiceMs: reply.firstAudioMs,
      answerMs: reply.answerMs,
      metrics: reply.metrics,
    };
    console.log(`time: heard "${reply.heard}" → "${reply.text}"; voice-to-voice ${reply.firstAudioMs} ms`);
  });

  test('a follow-up question is answered from the previous turn', async () => {
    const first = await type(user, 'what is the capital of france', matching(/paris/i));
    const second = await type(user, 'how do you say hello in the language they speak there', matching(/bonjour/i));
    measurements.followUp = {
      first: { reply: first.text, firstAudioMs: first.firstAudioMs, answerMs: first.answerMs, metrics: first.metrics },
      second: { reply: second.text, firstAudioMs: second.firstAudioMs, answerMs: second.answerMs, metrics: second.metrics },
    };
    console.log(`follow-up: "${first.text}" then "${second.text}"; first audio ${first.firstAudioMs} ms and ${second.firstAudioMs} ms`);
  });

  test('asked about the error on a shared screen, the agent reads it out', async () => {
    const share = await ScreenShare.start(user.room, ['deploy.sh - Terminal', 'Deploying build 8812 to staging', 'ERROR: permission denied: /srv/walrus/cache']);
    try {
      await user.waitFor('the agent to say it views the screen', () => agentViewing(user) === 'screen', 15_000);
      // Give the agent's sampler a moment to read the screen before asking, as a person would.
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const reply = await type(user, 'what does the error on my screen say', matching(/walrus/i));
      // In its own words or quoted: "…says "permission denied: /srv/walrus/cache"" and "…the user
      // does not have permission to access /srv/walrus/cache" both give the error; a summary of
      // the screen or a guess does not.
      assert.match(reply.text, /\b(denied|permission)\b/i, `the reply gives the error itself: "${reply.text}"`);
      measurements.screen = { reply: reply.text, firstAudioMs: reply.firstAudioMs, answerMs: reply.answerMs, metrics: reply.metrics };
      console.log(`screen: "${reply.text}"; first audio ${reply.firstAudioMs} ms`);
    } finally {
      await share.stop();
    }
  });
});
