import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { RunningStack } from '@parley/launcher';
import { HeadlessUser } from '@parley/test-harness/headless-user';
import { agentLogEntries, residentMemoryMb } from './harness/agent-log.js';
import { resultsDir } from './harness/paths.js';
import { ScreenShare, SCREEN_HEIGHT, SCREEN_WIDTH } from './harness/screen-share.js';
import { speechWav } from './harness/speech.js';
import { requestToken, startTestStack } from './harness/stack.js';

const STACK_NAME = 'vision-memory';
/** The issue asks for 10 minutes; PARLEY_VISION_MEMORY_MINUTES shortens it for a quick local check. */
const SHARE_MINUTES = Number(process.env.PARLEY_VISION_MEMORY_MINUTES ?? '10');
const FPS = 15;
const SAMPLE_EVERY_MS = 10_000;
const TEXT_CHANGE_EVERY_MS = 5000;
/** Bounds on the agent job process's resident memory (RSS); measured 2026-12: peak 347 MB, growth 7 MB over 9 minutes. */
const MAX_JOB_RSS_MB = 500;
const MAX_GROWTH_AFTER_WARMUP_MB = 50;
const WARMUP_MS = 60_000;

let stack: RunningStack;
before(async () => {
  stack = await startTestStack(STACK_NAME);
});
after(async () => {
  await stack?.stop();
});

function screenLines(counter: number): string[] {
  return [`SLIDE NUMBER ${counter}`, 'Memory test of a long screen share', `Frames keep coming at ${FPS} per second`];
}

test(`${SHARE_MINUTES} minutes of 720p screen share at ${FPS} fps keep the agent job's memory flat`, { timeout: (SHARE_MINUTES + 5) * 60_000 }, async () => {
  const startedAt = Date.now();
  const { serverUrl, token } = await requestToken(stack, `vision-memory-${Date.now()}`, 'memory-tester');
  const user = await HeadlessUser.join(serverUrl, token);
  const share = await ScreenShare.start(user.room, screenLines(0), FPS);
  const curve: { atMs: number; jobRssMb: number | null; framesSent: number; agentFramesReceived: number | null; agentReads: number | null }[] = [];
  let counter = 0;
  try {
    await user.waitForAgentListening();
    const watching = await user.waitFor(
      'the agent job to watch the screen',
      () => agentLogEntries(STACK_NAME, 'watching video track').find((entry) => (entry.time ?? 0) >= startedAt),
      30_000,
    );
    const jobPid = Number(watching.pid);
    assert.ok(jobPid > 0, 'job pid from the agent log');
    const shareStartedAt = Date.now();
    const endAt = shareStartedAt + SHARE_MINUTES * 60_000;
    let nextSampleAt = shareStartedAt;
    let nextChangeAt = shareStartedAt + TEXT_CHANGE_EVERY_MS;
    while (Date.now() < endAt) {
      const now = Date.now();
      if (now >= nextChangeAt) {
        counter += 1;
        await share.show(screenLines(counter));
        nextChangeAt += TEXT_CHANGE_EVERY_MS;
      }
      if (now >= nextSampleAt) {
        const stats = agentLogEntries(STACK_NAME, 'vision stats').filter((entry) => entry.pid === jobPid).at(-1);
        curve.push({
          atMs: now - shareStartedAt,
          jobRssMb: residentMemoryMb(jobPid),
          framesSent: share.framesSent,
          agentFramesReceived: stats ? Number(stats.framesReceived) : null,
          agentReads: stats ? Number(stats.reads) : null,
        });
        const last = curve.at(-1);
        if (curve.length % 6 === 1) console.log(`memory: ${Math.round((now - shareStartedAt) / 1000)} s, job RSS ${last?.jobRssMb} MB, frames sent ${last?.framesSent}, received by agent ${last?.agentFramesReceived}, screen reads ${last?.agentReads}`);
        nextSampleAt += SAMPLE_EVERY_MS;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }

    // Still seeing after the long share: the agent reads the current slide back.
    const utterance = await user.say(speechWav('what is on my screen', { trailingSilenceMs: 200 }));
    await user.waitFor('a spoken reply', () => user.firstAgentAudioAfter(utterance.speechEndAt), 25_000);
    const answer = await user.waitFor(
      'the agent to read the slide number',
      () => user.transcriptsOf('agent').map((segment) => segment.text).find((text) => /slide number/i.test(text)),
      25_000,
    );

    const samples = curve.filter((point) => point.jobRssMb !== null) as { atMs: number; jobRssMb: number }[];
    const warm = samples.filter((point) => point.atMs >= WARMUP_MS);
    const atWarmup = warm[0]?.jobRssMb ?? 0;
    const peak = Math.max(...samples.map((point) => point.jobRssMb));
    const peakAfterWarmup = Math.max(...warm.map((point) => point.jobRssMb));
    const final = samples.at(-1)?.jobRssMb ?? 0;
    const summary = {
      shareMinutes: SHARE_MINUTES,
      resolution: `${SCREEN_WIDTH}x${SCREEN_HEIGHT}`,
      fps: FPS,
      textChangeEveryMs: TEXT_CHANGE_EVERY_MS,
      framesSent: share.framesSent,
      jobPid,
      rssMb: { first: samples[0]?.jobRssMb ?? null, atWarmup, peak, peakAfterWarmup, final, growthAfterWarmup: peakAfterWarmup - atWarmup },
      bounds: { maxJobRssMb: MAX_JOB_RSS_MB, maxGrowthAfterWarmupMb: MAX_GROWTH_AFTER_WARMUP_MB, warmupMs: WARMUP_MS },
      answerAfterShare: answer,
    };
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(path.join(resultsDir, 'vision-memory.json'), JSON.stringify({ summary, curve }, null, 2));
    console.log(`memory summary: ${JSON.stringify(summary)}`);
    assert.ok(warm.length >= 2, 'memory was sampled after the warm-up');
    const lastStats = curve.at(-1);
    assert.ok((lastStats?.agentFramesReceived ?? 0) > 0 && (lastStats?.agentReads ?? 0) > 0, 'the agent received frames and read the screen');
    assert.ok(peak <= MAX_JOB_RSS_MB, `job RSS peaked at ${peak} MB (bound ${MAX_JOB_RSS_MB} MB)`);
    assert.ok(peakAfterWarmup - atWarmup <= MAX_GROWTH_AFTER_WARMUP_MB, `job RSS grew ${peakAfterWarmup - atWarmup} MB after warm-up (bound ${MAX_GROWTH_AFTER_WARMUP_MB} MB)`);
  } finally {
    await share.stop();
    await user.leave();
  }
});
