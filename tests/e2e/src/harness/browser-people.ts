import type { Page } from 'playwright-core';
import { launchBrowser, type LaunchedBrowser } from './browser.js';
import { speechWav } from './speech.js';

export interface BrowserPerson {
  browser: LaunchedBrowser;
  page: Page;
  /** When "join" was clicked. */
  joinedAt: number;
}

/**
 * People on the web page, each in a Chromium of their own, so that one can vanish (its browser
 * frozen or killed) while the others go on. Their fake microphone says "hello there" after 2 s,
 * then stays quiet for 9 s, looped. `killAll` ends every browser, frozen ones too.
 */
export class BrowserPeople {
  readonly #browsers: LaunchedBrowser[] = [];

  /** Opens the page for `room`, fills in `name` and clicks "join"; does not wait for the agent. */
  async join(webUrl: string, room: string, name: string): Promise<BrowserPerson> {
    const wav = speechWav('hello there', { leadingSilenceMs: 2000, trailingSilenceMs: 9000 });
    const browser = await launchBrowser({ fakeMicrophoneWav: wav });
    this.#browsers.push(browser);
    const page = await browser.context.newPage();
    await page.goto(`${webUrl}?room=${room}&aec=0`);
    await page.getByTestId('name-input').fill(name);
    const joinedAt = Date.now();
    await page.getByTestId('join-button').click();
    return { browser, page, joinedAt };
  }

  async killAll(): Promise<void> {
    for (const browser of this.#browsers) {
      // SIGKILL first: a browser frozen with SIGSTOP would never answer close().
      browser.signalProcesses('SIGKILL');
      await browser.close().catch(() => undefined);
    }
  }
}
