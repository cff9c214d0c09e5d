import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { RunningStack } from '@parley/launcher';
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { CHROMIUM_PATH } from './harness/browser.js';
import { resultsDir } from './harness/paths.js';
import { serveScreenSharePage, type ServedPage } from './harness/screen-share-page.js';
import { speechWav } from './harness/speech.js';
import { requestToken, startTestStack } from './harness/stack.js';

const SCREEN_LINES = ['ORANGE TELESCOPE 5190', 'Shared from Chromium'];

interface VisionTestState {
  agentText: string[];
  userText: string[];
  viewing: string;
  published: string[];
  screenSettings?: { width?: number; height?: number; displaySurface?: string };
}

declare global {
  interface Window {
    visionTest: VisionTestState;
    startShare(serverUrl: string, token: string): Promise<void>;
    grabCapturedFrame(): Promise<string>;
  }
}

let stack: RunningStack;
let page: ServedPage;

before(async () => {
  stack = await startTestStack('vision-browser');
  // Looped microphone: silence while the share starts, the question, then room for the answer.
  const wav = speechWav('what is on my screen', { leadingSilenceMs: 6000, trailingSilenceMs: 9000 });
  page = await serveScreenSharePage(SCREEN_LINES, wav);
});

after(async () => {
  await page?.close();
  await stack?.stop();
});

test('Chromium shares its own tab; asked by voice, the agent reads the tab text back', async () => {
  const profile = mkdtempSync(path.join(tmpdir(), 'parley-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    ignoreDefaultArgs: ['--mute-audio'],
    viewport: { width: 1280, height: 720 },
    // A page without media permission offers only mDNS-obfuscated host candidates, which fail
    // to connect inside the test's private namespace; a person sharing a screen has granted it.
    permissions: ['microphone', 'camera'],
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required',
      '--allow-loopback-in-peer-connection',
      // Headless tab capture: getDisplayMedia with preferCurrentTab picks this tab without a prompt.
      // No fake media-device flags: they replace the tab with a synthetic pattern (see screen-share-page.ts).
      '--auto-accept-this-tab-capture',
    ],
  });
  try {
    const tab = await context.newPage();
    const consoleErrors: string[] = [];
    tab.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await tab.goto(page.url);
    const { serverUrl, token } = await requestToken(stack, `vision-browser-${Date.now()}`, 'browser-vision-tester');
    await tab.evaluate(([url, jwt]) => window.startShare(url, jwt), [serverUrl, token] as const);
    const published = await tab.evaluate(() => window.visionTest.published);
    assert.deepEqual(published, ['microphone', 'screen_share']);
    const surface = await tab.evaluate(() => window.visionTest.screenSettings?.displaySurface);
    assert.equal(surface, 'browser', 'Chromium captured the tab itself, not a synthetic test pattern');

    await tab.waitForFunction(() => window.visionTest.viewing === 'screen', undefined, { timeout: 30_000 });
    mkdirSync(path.join(resultsDir, 'screenshots'), { recursive: true });
    const answer = await tab
      .waitForFunction(() => window.visionTest.agentText.find((text) => /orange telescope/i.test(text)), undefined, { timeout: 90_000, polling: 250 })
      .then((handle) => handle.jsonValue())
      .finally(async () => {
        // What Chromium really captured, kept for whoever reads a failure.
        const captured = await tab.evaluate(() => window.grabCapturedFrame()).catch(() => '');
        if (captured.startsWith('data:image/png;base64,')) {
          writeFileSync(path.join(resultsDir, 'screenshots', 'vision-browser-captured.png'), Buffer.from(captured.split(',')[1] ?? '', 'base64'));
        }
        const state = await tab.evaluate(() => window.visionTest).catch(() => null);
        writeFileSync(path.join(resultsDir, 'vision-browser-state.json'), JSON.stringify(state, null, 2));
      });
    const state = await tab.evaluate(() => window.visionTest);
    await tab.screenshot({ path: path.join(resultsDir, 'screenshots', 'vision-browser-tab.png') });
    writeFileSync(path.join(resultsDir, 'vision-browser.json'), JSON.stringify({ answer, state }, null, 2));
    console.log(`browser vision: shared ${JSON.stringify(state.screenSettings)}; user said "${state.userText.join(' | ')}"; agent answered "${answer}"`);
    assert.match(String(answer).toLowerCase(), /orange telescope 5190/);
    assert.deepEqual(consoleErrors, [], 'no console errors');
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
