import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { poll } from '@parley/test-harness/wait';
import type { Page } from 'playwright-core';
import { resultsDir } from './paths.js';

/** Screenshots people look at after a run (test-results/screenshots/web-*.png). */
export const screenshotDir = path.join(resultsDir, 'screenshots');

export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? false });
  return file;
}

export type Speaker = 'user' | 'agent';

/** Final transcript entries of one side, lower-cased, in order. */
export async function finalEntries(page: Page, speaker: Speaker): Promise<string[]> {
  const texts = await page.locator(`[data-testid="transcript-entry"][data-speaker="${speaker}"][data-final="true"]`).allTextContents();
  return texts.map((text) => text.toLowerCase());
}

/**
 * Polls `check` on `page` every 200 ms until it returns a value (not undefined), or throws with
 * the last state `describe` saw. A check that throws fails at once (a page that went away).
 */
export function waitFor<T>(_page: Page, what: string, timeoutMs: number, check: () => Promise<T | undefined>, describe?: () => Promise<string>): Promise<T> {
  return poll(what, check, timeoutMs, { intervalMs: 200, retryOnError: false, ...(describe ? { lastSeen: describe } : {}) });
}

/** Waits for a final entry of `speaker` matching `pattern`, counting only entries after the first `skip`. */
export async function waitForFinal(page: Page, speaker: Speaker, pattern: RegExp, timeoutMs: number, skip = 0): Promise<string> {
  return waitFor(
    page,
    `a final ${speaker} transcript matching ${pattern}`,
    timeoutMs,
    async () => (await finalEntries(page, speaker)).slice(skip).find((text) => pattern.test(text)),
    async () => (await finalEntries(page, speaker)).join(' | '),
  );
}

/** Text of the element with this test id, or '' when it is not on the page. */
export async function testIdText(page: Page, testId: string): Promise<string> {
  const locator = page.getByTestId(testId);
  return (await locator.count()) > 0 ? ((await locator.first().textContent()) ?? '') : '';
}
