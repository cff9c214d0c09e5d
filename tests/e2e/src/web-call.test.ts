import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { RunningStack } from '@parley/launcher';
import type { Page } from 'playwright-core';
import { launchBrowser, type LaunchedBrowser } from './harness/browser.js';
import { resultsDir } from './harness/paths.js';
import { speechWav } from './harness/speech.js';
import { startTestStack } from './harness/stack.js';
import { finalEntries, screenshot, testIdText, waitFor, waitForFinal } from './harness/web-page.js';

/**
 * The web client against the real stack, the way a person uses it: check the microphone, talk,
 * type, turn on the camera and share the screen, watch the latency waterfall, survive a LiveKit
 * restart, and find the conversation in the history. Each test builds on the previous one.
 */

let stack: RunningStack;
let browser: LaunchedBrowser;
let page: Page;
const room = `web-call-${Date.now()}`;
const consoleErrors: string[] = [];
const timings: Record<string, number> = {};
const SAID = /weather.*today/;
const ANSWERED = /weather.*got it/;

before(async () => {
  stack = await startTestStack('web-call');
  // Looped by Chromium: every ~14 s the user says the sentence again, so the conversation goes on.
  const wav = speechWav('what is the weather like today', { leadingSilenceMs: 2000, trailingSilenceMs: 9000 });
  browser = await launchBrowser({ fakeMicrophoneWav: wav, autoAcceptTabCapture: true });
  page = await browser.context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
});

after(async () => {
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(path.join(resultsDir, 'web-call-timings.json'), `${JSON.stringify(timings, null, 2)}\n`);
  console.log('web-call timings (ms):', timings);
  await browser?.close();
  await stack?.stop();
});

test('start screen: devices are listed and the microphone check shows a live level', async () => {
  await page.goto(`${stack.webUrl}?room=${room}&aec=0&sharetab=1`);
  await page.getByTestId('name-input').fill('Web Tester');
  await screenshot(page, 'web-01-start');
  await page.getByTestId('mic-check-button').click();
  const level = await waitFor(page, 'the microphone level meter to move', 20_000, async () => {
    const value = Number(await page.getByTestId('mic-level').getAttribute('data-level'));
    return value > 10 ? value : undefined;
  });
  const micOptions = await page.getByTestId('mic-select').locator('option').count();
  const cameraOptions = await page.getByTestId('camera-select').locator('option').count();
  console.log(`mic check level ${level}%, ${micOptions - 1} microphone(s), ${cameraOptions - 1} camera(s) listed`);
  assert.ok(micOptions >= 2, 'the fake microphone is listed once permission is granted');
  assert.ok(cameraOptions >= 2, 'the fake camera is listed');
  await screenshot(page, 'web-02-mic-check');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'web-03-start-mobile', { fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
});

test('voice conversation: both transcripts, agent state, and the latency waterfall fill in', async () => {
  const joinedAt = Date.now();
  await page.getByTestId('join-button').click();
  await page.getByTestId('connection-state').filter({ hasText: /^connected$/ }).waitFor({ timeout: 20_000 });
  timings.joinToConnectedMs = Date.now() - joinedAt;
  await page.getByTestId('agent-state').filter({ hasText: /listening|thinking|speaking/ }).waitFor({ timeout: 30_000 });
  timings.joinToAgentReadyMs = Date.now() - joinedAt;

  const userText = await waitForFinal(page, 'user', SAID, 45_000);
  const agentText = await waitForFinal(page, 'agent', ANSWERED, 30_000);
  timings.joinToFirstReplyMs = Date.now() - joinedAt;
  console.log(`user said "${userText}", agent answered "${agentText}"`);

  const total = await waitFor(page, 'the waterfall total', 20_000, async () => {
    const ms = await page.locator('[data-testid="waterfall-stage"][data-stage="total"]').getAttribute('data-ms');
    return ms ? Number(ms) : undefined;
  });
  const stages = await page.locator('[data-testid="waterfall-stage"]').evaluateAll((rows) =>
    rows.map((row) => `${row.getAttribute('data-stage')}=${row.getAttribute('data-ms') || '—'}`),
  );
  console.log(`waterfall: ${stages.join(' ')}`);
  assert.ok(total > 0, 'the total latency is reported');
  timings.firstTurnEndToEndMs = total;

  let energy = 0;
  await waitFor(page, 'agent audio energy in the page', 20_000, async () => {
    energy = await page.evaluate(() => window.parleyDiagnostics.agentAudioEnergy());
    return energy > 0.001 ? energy : undefined;
  });
  console.log(`agent audio energy received: ${energy.toFixed(4)}`);
  await screenshot(page, 'web-04-conversation');
});

test('typed chat: the agent answers a typed message while the microphone is muted', async () => {
  await page.getByTestId('mute-button').click();
  await page.getByTestId('mute-button').filter({ hasText: 'Unmute' }).waitFor({ timeout: 5000 });
  const agentBefore = (await finalEntries(page, 'agent')).length;
  await page.getByTestId('chat-input').fill('pineapple pancakes please');
  await page.getByTestId('chat-input').press('Enter');
  await page.locator('[data-testid="transcript-entry"][data-speaker="user"]', { hasText: 'pineapple pancakes please' }).waitFor({ timeout: 5000 });
  const reply = await waitForFinal(page, 'agent', /pineapple pancakes/, 30_000, agentBefore);
  console.log(`typed "pineapple pancakes please", agent answered "${reply}"`);
  await screenshot(page, 'web-05-chat');
  await page.getByTestId('mute-button').click();
  await page.getByTestId('mute-button').filter({ hasText: /^Mute$/ }).waitFor({ timeout: 5000 });
});

test('camera and screen share: toggles publish, the local preview plays, the agent may say what it sees', async () => {
  await page.getByTestId('camera-button').click();
  await page.getByTestId('camera-preview').waitFor({ timeout: 15_000 });
  await waitFor(page, 'camera frames in the preview', 15_000, async () => {
    const width = await page.locator('[data-testid="camera-preview"] video').evaluate((video: HTMLVideoElement) => video.videoWidth);
    return width > 0 ? width : undefined;
  });
  await page.getByTestId('screen-share-button').click();
  await page.getByTestId('screen-preview').waitFor({ timeout: 15_000 });
  await waitFor(page, 'screen frames in the preview', 15_000, async () => {
    const width = await page.locator('[data-testid="screen-preview"] video').evaluate((video: HTMLVideoElement) => video.videoWidth);
    return width > 0 ? width : undefined;
  });
  const published = await page.evaluate(() => document.querySelectorAll('[data-testid$="-preview"] video').length);
  assert.equal(published, 2, 'camera and screen previews are both shown');
  assert.equal(await page.getByTestId('camera-button').getAttribute('aria-pressed'), 'true');
  assert.equal(await page.getByTestId('screen-share-button').getAttribute('aria-pressed'), 'true');

  // `parley.viewing` comes from the vision work (issue 5); report it, do not require it here.
  await page.waitForTimeout(3000);
  const viewing = await page.getByTestId('agent-viewing').getAttribute('data-viewing');
  console.log(`agent parley.viewing = "${viewing ?? ''}": ${(await testIdText(page, 'agent-viewing')) || '(nothing shown)'}`);
  await screenshot(page, 'web-06-camera-and-screen');

  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'web-07-call-mobile');
  await screenshot(page, 'web-08-call-mobile-full', { fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByTestId('theme-toggle').click();
  await screenshot(page, 'web-09-call-other-theme');
  await page.getByTestId('theme-toggle').click();

  await page.getByTestId('screen-share-button').click();
  await page.getByTestId('camera-button').click();
  await page.getByTestId('screen-preview').waitFor({ state: 'detached', timeout: 10_000 });
  await page.getByTestId('camera-preview').waitFor({ state: 'detached', timeout: 10_000 });
});

test('reconnect: LiveKit restarts mid-call, the page shows it, recovers, and the conversation goes on', async () => {
  const restartedAt = Date.now();
  const restart = stack.restart('livekit');
  const banner = await waitFor(page, 'the reconnect banner', 30_000, async () => {
    const text = await testIdText(page, 'reconnect-status');
    return text ? text : undefined;
  });
  timings.restartToBannerMs = Date.now() - restartedAt;
  console.log(`banner: "${banner}"`);
  await screenshot(page, 'web-10-reconnecting');
  await restart;
  timings.livekitRestartMs = Date.now() - restartedAt;

  const seen = new Set<string>();
  await waitFor(
    page,
    'the call to be connected again',
    90_000,
    async () => {
      const text = await testIdText(page, 'reconnect-status');
      if (text) seen.add(text.replace(/\s+/g, ' ').slice(0, 80));
      const state = await testIdText(page, 'connection-state');
      return !text && state === 'connected' ? true : undefined;
    },
    async () => `${await testIdText(page, 'connection-state')} / ${await testIdText(page, 'reconnect-status')} / error: ${await testIdText(page, 'error-message')}`,
  );
  timings.restartToReconnectedMs = Date.now() - restartedAt;
  console.log(`reconnect states seen: ${[...seen].join(' → ')}`);
  assert.ok(banner.includes('Reconnecting (attempt'), 'the banner names the attempt');

  // LiveKit keeps serving while it drains, so replies before this point do not count.
  const agentAfterReconnect = (await finalEntries(page, 'agent')).length;
  const userAfterReconnect = (await finalEntries(page, 'user')).length;
  await page.getByTestId('agent-state').filter({ hasText: /listening|thinking|speaking/ }).waitFor({ timeout: 60_000 });
  const said = await waitForFinal(page, 'user', SAID, 60_000, userAfterReconnect);
  timings.restartToNewUtteranceMs = Date.now() - restartedAt;
  const reply = await waitForFinal(page, 'agent', ANSWERED, 60_000, agentAfterReconnect);
  timings.restartToNewReplyMs = Date.now() - restartedAt;
  console.log(`after the restart the user said "${said}" and the agent answered "${reply}"`);
  await screenshot(page, 'web-11-after-reconnect');
});

test('history: the session is listed with its transcript and latency chart', async (t) => {
  await page.getByTestId('leave-button').click();
  await page.getByTestId('join-button').waitFor({ timeout: 10_000 });
  await page.goto(`${stack.webUrl}#/history`);
  const outcome = await waitFor(page, 'the history list', 20_000, async () => {
    if ((await page.getByTestId('history-problem').count()) > 0) return (await page.getByTestId('history-problem').getAttribute('data-problem')) ?? 'failed';
    if ((await page.locator(`[data-testid="history-session"][data-room="${room}"]`).count()) > 0) return 'listed';
    return undefined;
  });
  await screenshot(page, 'web-12-history');
  if (outcome === 'not-available') {
    t.skip('the API does not serve GET /api/sessions yet (issue 3); the page says so');
    return;
  }
  assert.equal(outcome, 'listed', `history: ${await testIdText(page, 'history-problem')}`);
  // A LiveKit restart starts a new agent job, so the call may be listed twice; the oldest is the first conversation.
  const listed = page.locator(`[data-testid="history-session"][data-room="${room}"] a`);
  console.log(`history lists ${await listed.count()} session(s) for ${room}`);
  await listed.last().click();
  await page.getByTestId('session-detail').waitFor({ timeout: 10_000 });
  const lines = await waitFor(page, 'transcript lines in the session detail', 20_000, async () => {
    const texts = await page.getByTestId('history-line').allTextContents();
    return texts.some((text) => SAID.test(text.toLowerCase())) ? texts : undefined;
  });
  console.log(`history detail: ${lines.length} transcript lines, ${await page.getByTestId('latency-chart-bar').count()} latency bars`);
  await screenshot(page, 'web-13-history-detail', { fullPage: true });
});

test('no console errors on the way', () => {
  // Reconnecting logs the dropped connection, and livekit-client logs the fake camera's missing
  // size hint as an error; everything else must stay clean.
  const unexpected = consoleErrors.filter(
    (text) => !/favicon|websocket|signal|reconnect|connection|ERR_CONNECTION_REFUSED|Failed to load resource|could not determine track dimensions/i.test(text),
  );
  console.log(`console errors seen: ${consoleErrors.length} (${consoleErrors.length - unexpected.length} expected)`);
  assert.deepEqual(unexpected, []);
});
