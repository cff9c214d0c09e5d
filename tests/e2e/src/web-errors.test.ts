import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { RunningStack } from '@parley/launcher';
import { launchBrowser, type LaunchedBrowser } from './harness/browser.js';
import { repoRoot } from './harness/paths.js';
import { speechWav } from './harness/speech.js';
import { startTestStack } from './harness/stack.js';
import { screenshot, testIdText } from './harness/web-page.js';

/**
 * What the page says when things go wrong, against the real stack: a denied microphone, no agent,
 * the API server gone. Plus: the bundle the API serves holds no LiveKit secret.
 */

let stack: RunningStack;
let browser: LaunchedBrowser | undefined;

before(async () => {
  stack = await startTestStack('web-errors');
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

test('no secret in the bundle: neither the built files nor what the API serves contain the LiveKit secret', async () => {
  const secret = stack.env.LIVEKIT_API_SECRET;
  assert.ok(secret && secret.length >= 16, 'the stack has a generated secret to look for');
  const dist = path.join(repoRoot, 'apps/web/dist');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.push(full);
    }
  };
  walk(dist);
  assert.ok(files.some((file) => file.endsWith('.js')), 'the web client is built');
  for (const file of files) {
    assert.ok(!readFileSync(file, 'utf8').includes(secret), `${path.relative(repoRoot, file)} contains the LiveKit secret`);
  }

  // What a browser actually downloads: the page and every script and stylesheet it names.
  const html = await (await fetch(stack.webUrl)).text();
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1] as string);
  assert.ok(assets.length > 0, 'the page references its assets');
  const served = [html];
  for (const asset of assets) served.push(await (await fetch(new URL(asset, stack.webUrl))).text());
  // The call screen is a lazily loaded chunk: follow the imports the entry script names too.
  for (const chunk of served.slice(1).flatMap((text) => [...text.matchAll(/"\.?\/?(?:assets\/)?([\w-]+\.js)"/g)].map((m) => m[1] as string))) {
    const response = await fetch(new URL(`/assets/${chunk}`, stack.webUrl));
    if (response.ok) served.push(await response.text());
  }
  console.log(`checked ${files.length} built files and ${served.length} served files for the secret`);
  for (const text of served) assert.ok(!text.includes(secret), 'a served file contains the LiveKit secret');
  assert.ok(!served.some((text) => text.includes(stack.env.LIVEKIT_API_KEY ?? '\u0000never')), 'the API key is not in the bundle either');
});

test('microphone permission denied: the page says so, at the check and at joining', async () => {
  browser = await launchBrowser({ denyMicrophone: true });
  await browser.context.clearPermissions();
  const page = await browser.context.newPage();
  await page.goto(`${stack.webUrl}?room=web-deny-${Date.now()}`);
  await page.getByTestId('mic-check-button').click();
  await page.getByTestId('error-message').waitFor({ timeout: 15_000 });
  const atCheck = await testIdText(page, 'error-message');
  await page.getByTestId('join-button').click();
  await page.getByTestId('join-button').filter({ hasText: 'Start conversation' }).waitFor({ timeout: 15_000 });
  const atJoin = await testIdText(page, 'error-message');
  console.log(`mic check: "${atCheck}" / join: "${atJoin}"`);
  assert.match(atCheck, /microphone permission was denied/i);
  assert.match(atJoin, /microphone permission was denied/i);
  await screenshot(page, 'web-20-mic-denied');
  await browser.close();
  browser = undefined;
});

test('agent unavailable: with no agent worker the call says so after the wait', async () => {
  await stack.supervisor.stop('agent');
  const wav = speechWav('hello there', { leadingSilenceMs: 500, trailingSilenceMs: 3000 });
  browser = await launchBrowser({ fakeMicrophoneWav: wav });
  const page = await browser.context.newPage();
  await page.goto(`${stack.webUrl}?room=web-noagent-${Date.now()}&agentwait=4`);
  await page.getByTestId('join-button').click();
  await page.getByTestId('connection-state').filter({ hasText: /^connected$/ }).waitFor({ timeout: 20_000 });
  await page.getByTestId('agent-unavailable').waitFor({ timeout: 20_000 });
  const text = await testIdText(page, 'agent-unavailable');
  console.log(`agent missing: "${text}"`);
  assert.match(text, /agent is unavailable/i);
  await screenshot(page, 'web-21-agent-unavailable');
  await page.getByTestId('leave-button').click();
  await page.getByTestId('join-button').waitFor({ timeout: 10_000 });
  await browser.close();
  browser = undefined;
});

test('API server stopped: joining says the server cannot be reached', async () => {
  browser = await launchBrowser();
  const page = await browser.context.newPage();
  await page.goto(`${stack.webUrl}?room=web-noapi-${Date.now()}`);
  await page.getByTestId('health-status').waitFor({ timeout: 10_000 });
  // The page fetches the call screen in the background; a person who had the page open when the
  // server went away has it already.
  await page.waitForLoadState('networkidle');
  await stack.supervisor.stop('api');
  await page.getByTestId('join-button').click();
  await page.getByTestId('error-message').waitFor({ timeout: 20_000 });
  const text = await testIdText(page, 'error-message');
  console.log(`API down: "${text}"`);
  assert.match(text, /could not reach the parley api server/i);
  await screenshot(page, 'web-22-api-down');
});
