import { mkdirSync } from 'node:fs';
import path from 'node:path';
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

/** Polls until `check` returns a value (not undefined), or throws with the last state it saw. */
export async function waitFor<T>(page: Page, what: string, timeoutMs: number, check: () => Promise<T | undefined>, describe?: () => Promise<string>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      const state = describe ? await describe().catch(() => '') : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${state ? `; last seen: ${state}` : ''}`);
    }
    await page.waitForTimeout(200);
  }
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
