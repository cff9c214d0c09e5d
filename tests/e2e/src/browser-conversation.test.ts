import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { RunningStack } from '@parley/launcher';
import type { Page } from 'playwright-core';
import { launchBrowser, type LaunchedBrowser } from './harness/browser.js';
import { resultsDir } from './harness/paths.js';
import { speechWav } from './harness/speech.js';
import { startTestStack } from './harness/stack.js';
import { waitFor } from './harness/web-page.js';

const screenshots = path.join(resultsDir, 'screenshots');

async function transcriptText(page: Page, speaker: 'user' | 'agent'): Promise<string> {
  const entries = page.locator(`[data-testid="transcript-entry"][data-speaker="${speaker}"]`);
  return (await entries.allTextContents()).join(' | ').toLowerCase();
}

async function waitForTranscript(page: Page, speaker: 'user' | 'agent', pattern: RegExp, timeoutMs: number): Promise<string> {
  const text = () => transcriptText(page, speaker);
  return waitFor(page, `the ${speaker} transcript to match ${pattern}`, timeoutMs, async () => {
    const now = await text();
    return pattern.test(now) ? now : undefined;
  }, async () => `"${await text()}"`);
}

let stack: RunningStack;
let browser: LaunchedBrowser;

before(async () => {
  mkdirSync(screenshots, { recursive: true });
  stack = await startTestStack('browser-conversation');
  // Looped by Chromium: 2 s of silence, the sentence, then 9 s of silence, so one loop is
  // enough for a full turn and a missed first loop (agent still joining) costs one more.
  const wav = speechWav('what is the weather like today', { leadingSilenceMs: 2000, trailingSilenceMs: 9000 });
  browser = await launchBrowser({ fakeMicrophoneWav: wav });
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

test('a person speaks in Chromium, sees both transcripts, and hears the agent', async () => {
  const page = await browser.context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await page.goto(`${stack.webUrl}?room=browser-e2e-${Date.now()}&aec=0`);
  await page.getByTestId('name-input').fill('Browser Tester');
  await page.screenshot({ path: path.join(screenshots, '01-start.png') });
  const energyBefore = await page.evaluate(() => window.parleyDiagnostics.agentAudioEnergy());
  await page.getByTestId('join-button').click();

  await page.getByTestId('connection-state').filter({ hasText: /^connected$/ }).waitFor({ timeout: 20_000 });
  await page.getByTestId('agent-state').filter({ hasText: /listening|thinking|speaking/ }).waitFor({ timeout: 30_000 });

  const userText = await waitForTranscript(page, 'user', /weather.*today/, 45_000);
  const agentText = await waitForTranscript(page, 'agent', /weather.*got it/, 30_000);
  await page.screenshot({ path: path.join(screenshots, '02-conversation.png') });

  // The browser must really have received and played the agent's voice.
  let energy = 0;
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    energy = await page.evaluate(() => window.parleyDiagnostics.agentAudioEnergy());
    if (energy > 0.001) break;
    await page.waitForTimeout(250);
  }
  console.log(`browser: user said "${userText}", agent answered "${agentText}", received audio energy ${energy.toFixed(4)} (before joining: ${energyBefore})`);
  assert.equal(energyBefore, 0);
  assert.ok(energy > 0.001, `expected agent speech energy in the browser, got ${energy}`);

  await page.getByTestId('leave-button').click();
  await page.getByTestId('join-button').waitFor({ timeout: 10_000 });
  await page.screenshot({ path: path.join(screenshots, '03-left.png') });
  assert.deepEqual(consoleErrors.filter((text) => !/favicon/.test(text)), [], 'no console errors');
});
