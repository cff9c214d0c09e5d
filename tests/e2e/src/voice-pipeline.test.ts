import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { RunningStack } from '@parley/launcher';
import { HeadlessUser, SPEECH_RMS_THRESHOLD } from '@parley/test-harness/headless-user';
import { coughSamples, SPEECH_SAMPLE_RATE, readWavPcm, trimToSpeech } from '@parley/test-harness/speech';
import { resultsDir } from './harness/paths.js';
import { speechWav } from './harness/speech.js';
import { requestToken, startTestStack } from './harness/stack.js';
import { summarize } from './harness/stats.js';

const REPLY_TIMEOUT_MS = 20_000;
/** The framework's default AEC warm-up (the agent's PARLEY_AEC_WARMUP_MS). */
const AEC_WARMUP_MS = 3000;

/**
 * Sentences the local STT transcribes reliably from Festival's voice; key words are checked. The
 * first is said the moment the agent reports "listening": its first word must be heard too.
 */
const TURNS: { text: string; keyWords: string[] }[] = [
  { text: 'what is the weather like today', keyWords: ['what', 'weather', 'today'] },
  { text: 'please turn on the lights in the kitchen', keyWords: ['lights', 'kitchen'] },
  { text: 'set a timer for ten minutes', keyWords: ['timer', 'minutes'] },
  { text: 'what time is it', keyWords: ['time'] },
  { text: 'play some music please', keyWords: ['music'] },
  { text: 'how far away is the moon', keyWords: ['moon'] },
  { text: 'open the front door', keyWords: ['door'] },
  { text: 'good morning how are you', keyWords: ['morning'] },
  { text: 'call my mother tomorrow', keyWords: ['mother'] },
  { text: 'what is the capital of france', keyWords: ['capital'] },
  { text: 'book a table for two people', keyWords: ['table'] },
  { text: 'read me the news', keyWords: ['news'] },
];

async function joinRoom(stack: RunningStack, room: string): Promise<HeadlessUser> {
  const { serverUrl, token } = await requestToken(stack, room, `tester-${room}`);
  const user = await HeadlessUser.join(serverUrl, token);
  await user.waitForAgentListening();
  return user;
}

/** Waits until the agent has been quiet for `quietMs` (its reply finished playing). */
async function waitForAgentQuiet(user: HeadlessUser, quietMs: number, timeoutMs: number): Promise<void> {
  await user.waitFor(
    'the agent to finish speaking',
    () => {
      const last = user.lastLoudAgentFrame();
      return (last === undefined || Date.now() - last.at > quietMs) && user.agentState() === 'listening';
    },
    timeoutMs,
  );
}

describe('voice pipeline through the real LiveKit server', () => {
  let stack: RunningStack;
  before(async () => {
    stack = await startTestStack('voice-pipeline');
  });
  after(async () => {
    await stack?.stop();
  });

  test('every turn is transcribed and answered out loud; voice-to-voice latency is measured', async () => {
    const user = await joinRoom(stack, 'latency');
    const latencies: number[] = [];
    const rows: Record<string, unknown>[] = [];
    try {
      for (const turn of TURNS) {
        const utterance = await user.say(speechWav(turn.text, { trailingSilenceMs: 200 }));
        const firstAudio = await user.waitFor(`a spoken reply to "${turn.text}"`, () => user.firstAgentAudioAfter(utterance.speechEndAt), REPLY_TIMEOUT_MS);
        const latencyMs = firstAudio.at - utterance.speechEndAt;
        latencies.push(latencyMs);
        await waitForAgentQuiet(user, 600, REPLY_TIMEOUT_MS);
        const heard = user.transcriptsOf('user').map((segment) => segment.text.toLowerCase()).join(' | ');
        const answered = user.transcriptsOf('agent').map((segment) => segment.text.toLowerCase()).join(' | ');
        for (const word of turn.keyWords) assert.ok(heard.includes(word), `user transcript should contain "${word}": ${heard} (agent said: ${answered})`);
        rows.push({ text: turn.text, latencyMs, metrics: user.turnMetrics.at(-1) ?? null });
      }
      const agentText = user.transcriptsOf('agent').map((segment) => segment.text.toLowerCase()).join(' | ');
      assert.match(agentText, /got it/);
      assert.ok(user.turnMetrics.length >= TURNS.length - 1, `expected per-turn metrics, got ${user.turnMetrics.length}`);
      const summary = summarize(latencies);
      mkdirSync(resultsDir, { recursive: true });
      writeFileSync(path.join(resultsDir, 'voice-latency.json'), JSON.stringify({ summary, turns: rows }, null, 2));
      console.log(`voice-to-voice latency over ${summary.count} turns: p50 ${summary.p50} ms, p95 ${summary.p95} ms, max ${summary.max} ms, min ${summary.min} ms`);
    } finally {
      await user.leave();
    }
  });

  test('a pause of over a second mid-sentence does not end the turn: the agent answers the whole sentence, once', async () => {
    const user = await joinRoom(stack, 'mid-sentence-pause');
    try {
      const agentSegmentsBefore = new Set(user.transcriptsOf('agent').map((segment) => segment.segmentId));
      // "set a timer for" alone sounds finished to the audio turn detector; the transcript,
      // which ends on "for", holds the turn open (PARLEY_ENDPOINTING_TRAILING_MIN_DELAY_MS).
      // Festival pads its speech with silence: trimmed, so the pause is the silence between the words.
      const head = trimToSpeech(readWavPcm(speechWav('set a timer for')).samples);
      const tail = trimToSpeech(readWavPcm(speechWav('ten minutes')).samples);
      // Longer than the turn detector's 1 s cap after a finished sentence: only the transcript holds the turn.
      const pause = new Int16Array(Math.round(1.2 * SPEECH_SAMPLE_RATE));
      const utterance = await user.play(new Int16Array([...head, ...pause, ...tail, ...new Int16Array(Math.round(0.2 * SPEECH_SAMPLE_RATE))]));
      await user.waitFor('a spoken reply', () => user.firstAgentAudioAfter(utterance.speechStartAt), REPLY_TIMEOUT_MS);
      await waitForAgentQuiet(user, 1000, REPLY_TIMEOUT_MS);
      const replies = user.transcriptsOf('agent').filter((segment) => !agentSegmentsBefore.has(segment.segmentId)).map((segment) => segment.text.toLowerCase());
      const heard = user.transcriptsOf('user').map((segment) => segment.text.toLowerCase()).join(' | ');
      console.log(`mid-sentence pause: user ${heard}; agent ${replies.join(' | ')}`);
      assert.equal(replies.filter((reply) => reply.includes('got it')).length, 1, `one reply for one sentence, got: ${replies.join(' | ')}`);
      assert.match(replies.join(' '), /timer for\W+(ten|10) minutes/, `the reply should echo the whole sentence: ${replies.join(' | ')}`);
    } finally {
      await user.leave();
    }
  });

  test('barge-in: the agent stops talking soon after the user cuts in', async () => {
    const user = await joinRoom(stack, 'barge-in');
    try {
      // The framework ignores the user during the agent's first 3 s of speech in a conversation
      // (AEC warm-up, PARLEY_AEC_WARMUP_MS): one exchange first, so the cut-in below measures
      // barge-in as it works for the rest of a conversation.
      const hello = await user.say(speechWav('hello there', { trailingSilenceMs: 200 }));
      const firstReply = await user.waitFor('a reply to the greeting', () => user.firstAgentAudioAfter(hello.speechEndAt), REPLY_TIMEOUT_MS);
      await waitForAgentQuiet(user, 600, REPLY_TIMEOUT_MS);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, firstReply.at + AEC_WARMUP_MS + 200 - Date.now())));
      const long = speechWav('please remember that the meeting with the design team moves from tuesday morning to thursday afternoon next week', { trailingSilenceMs: 200 });
      const first = await user.say(long);
      const replyStart = await user.waitFor('the agent to start answering', () => user.firstAgentAudioAfter(first.speechEndAt), REPLY_TIMEOUT_MS);
      // Let the reply play for a moment, then cut in.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.equal(user.agentState(), 'speaking', 'the agent should still be speaking when the user cuts in');
      let bargeInAt = 0;
      const interruption = user.say(speechWav('stop stop wait a moment please', { trailingSilenceMs: 200 }), (at) => {
        bargeInAt = at;
      });
      const interrupted = await interruption;
      // The agent's audio must go quiet while the user is still talking or soon after.
      await user.waitFor(
        'the agent audio to stop',
        () => {
          const last = user.lastLoudAgentFrame();
          return last !== undefined && Date.now() - last.at > 400 && last.at < interrupted.speechEndAt + 1500;
        },
        10_000,
      );
      const lastBeforeQuiet = user.agentFrames.filter((frame) => frame.at >= replyStart.at && frame.at <= interrupted.speechEndAt + 1500 && frame.rms > SPEECH_RMS_THRESHOLD).at(-1);
      assert.ok(lastBeforeQuiet, 'agent audio was heard before the barge-in');
      const stopLatencyMs = lastBeforeQuiet.at - bargeInAt;
      const fullReplyMs = (readWavPcm(long).samples.length / SPEECH_SAMPLE_RATE) * 1000;
      console.log(`barge-in: agent audio stopped ${stopLatencyMs} ms after the user started speaking (PARLEY_MIN_INTERRUPTION_MS 80; the goal is ≤ 300 ms, measured over many cut-ins by npm run bench); reply had played ${lastBeforeQuiet.at - replyStart.at} ms of an answer about ${Math.round(fullReplyMs)} ms long`);
      // Bound loose enough for a loaded machine, tight enough to fail with the framework's 500 ms minimum (630-700 ms measured).
      assert.ok(stopLatencyMs < 600, `agent kept talking ${stopLatencyMs} ms into the user's speech`);
      writeFileSync(path.join(resultsDir, 'barge-in.json'), JSON.stringify({ stopLatencyMs, bargeInAt, replyStartAt: replyStart.at }, null, 2));
      // And it answers the interruption.
      await user.waitFor('a reply to the interruption', () => user.firstAgentAudioAfter(interrupted.speechEndAt + 200), REPLY_TIMEOUT_MS);
    } finally {
      await user.leave();
    }
  });

  test('a cough or an "okay" over the agent does not end its turn: its reply goes on to the end', async () => {
    const user = await joinRoom(stack, 'not-a-cut-in');
    try {
      const prompt = speechWav('please remember that the meeting with the design team moves from tuesday morning to thursday afternoon next week', { trailingSilenceMs: 200 });
      const hello = await user.say(speechWav('hello there', { trailingSilenceMs: 200 }));
      const firstReply = await user.waitFor('a reply to the greeting', () => user.firstAgentAudioAfter(hello.speechEndAt), REPLY_TIMEOUT_MS);
      await waitForAgentQuiet(user, 600, REPLY_TIMEOUT_MS);
      // Past the AEC warm-up, when the user can interrupt.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, firstReply.at + AEC_WARMUP_MS + 200 - Date.now())));
      const sounds: { name: string; samples: Int16Array }[] = [
        { name: 'a cough', samples: coughSamples() },
        { name: '"okay"', samples: readWavPcm(speechWav('okay')).samples },
      ];
      for (const sound of sounds) {
        const agentSegmentsBefore = new Set(user.transcriptsOf('agent').map((segment) => segment.segmentId));
        const asked = await user.say(prompt);
        await user.waitFor('the agent to start answering', () => user.firstAgentAudioAfter(asked.speechEndAt), REPLY_TIMEOUT_MS);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        assert.equal(user.agentState(), 'speaking', `the agent should still be speaking when ${sound.name} comes`);
        const userSegmentsBefore = new Set(user.transcriptsOf('user').map((segment) => segment.segmentId));
        const over = await user.play(sound.samples);
        // Longer than a paused voice waits to go on (the false-interruption timer).
        await waitForAgentQuiet(user, 2500, REPLY_TIMEOUT_MS);
        const newReplies = (): string[] => user.transcriptsOf('agent').filter((segment) => !agentSegmentsBefore.has(segment.segmentId) && /remember/i.test(segment.text)).map((segment) => segment.text);
        // The reply's transcript is complete once its last words have played.
        await user.waitFor('the reply\'s transcript', () => newReplies().some((text) => /got it/i.test(text)) || undefined, 5000).catch(() => undefined);
        const replies = newReplies();
        const newUserTurns = user.transcriptsOf('user').filter((segment) => !userSegmentsBefore.has(segment.segmentId) && segment.final && segment.text.trim() !== '');
        const silentAfter = user.agentFrames.filter((frame) => frame.at > over.speechStartAt && frame.rms > SPEECH_RMS_THRESHOLD);
        console.log(`${sound.name} over the reply: user turns ${newUserTurns.map((segment) => segment.text).join(' | ') || 'none'}; reply "${replies.join(' | ')}"; agent audio after it ${silentAfter.length * 20} ms`);
        assert.equal(newUserTurns.length, 0, `${sound.name} became a user turn: ${newUserTurns.map((segment) => segment.text).join(' | ')}`);
        assert.equal(replies.length, 1, `one reply, not cut: ${replies.join(' | ')}`);
        assert.match(replies[0] ?? '', /next week\W+got it/i, `the reply should have been spoken to its end after ${sound.name}: "${replies[0] ?? ''}"`);
      }
    } finally {
      await user.leave();
    }
  });

  test('silence, noise and clipped audio do not break the agent', async () => {
    const user = await joinRoom(stack, 'robustness');
    try {
      const seconds = (s: number) => Math.round(s * SPEECH_SAMPLE_RATE);
      await user.play(new Int16Array(seconds(3)));
      const noise = new Int16Array(seconds(3));
      for (let index = 0; index < noise.length; index += 1) noise[index] = Math.round((Math.random() * 2 - 1) * 20_000);
      await user.play(noise);
      const clipped = readWavPcm(speechWav('this sentence is far too loud')).samples.map((sample) => Math.max(-32_768, Math.min(32_767, sample * 40)));
      const badAudioEndedAt = (await user.play(clipped)).speechEndAt;
      // The agent may answer the clipped sentence, and only after its turn detector's longest wait
      // (3 s); speaking before that reply starts would talk over it. Wait until it has been quiet
      // for longer than that wait since the bad audio ended.
      await user.waitFor(
        'the agent to stay quiet after the bad audio',
        () => {
          const lastHeard = Math.max(badAudioEndedAt, user.lastLoudAgentFrame()?.at ?? 0);
          return Date.now() - lastHeard > 4000 && user.agentState() === 'listening';
        },
        REPLY_TIMEOUT_MS,
      );

      const health = await fetch(`${stack.agentHealthUrl}/`);
      assert.equal(health.status, 200, 'agent worker is still healthy');
      const utterance = await user.say(speechWav('what is the weather like today', { trailingSilenceMs: 200 }));
      await user.waitFor('a reply after the bad audio', () => user.firstAgentAudioAfter(utterance.speechEndAt), REPLY_TIMEOUT_MS);
      await user.waitFor(
        'the agent transcript of the reply',
        () => user.transcriptsOf('agent').some((segment) => segment.text.toLowerCase().includes('weather')),
        REPLY_TIMEOUT_MS,
      );
    } finally {
      await user.leave();
    }
  });
});
