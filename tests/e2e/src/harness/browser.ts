import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium';

export interface BrowserOptions {
  /** A 48 kHz mono 16-bit WAV that Chromium plays as its microphone (looped). */
  fakeMicrophoneWav?: string;
  /** Deny microphone permission instead of auto-accepting it. */
  denyMicrophone?: boolean;
  /** Let `getDisplayMedia({ preferCurrentTab: true })` capture the page's own tab without a prompt. */
  autoAcceptTabCapture?: boolean;
  /** Defaults to 1280×800. */
  viewport?: { width: number; height: number };
}

export interface LaunchedBrowser {
  context: BrowserContext;
  close(): Promise<void>;
  /**
   * Sends `signal` to every process of this browser, as when a laptop lid closes (SIGSTOP: no
   * packet and no goodbye) or the browser crashes (SIGKILL). Returns how many processes got it.
   */
  signalProcesses(signal: NodeJS.Signals): number;
}

/** The pids of the browser started with `profile` and of all its descendants (from /proc). */
function browserProcessTree(profile: string): number[] {
  const parentOf = new Map<number, number>();
  const roots: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      // The command name may hold spaces or parentheses: the fields after the last ')' are fixed.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      parentOf.set(pid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`--user-data-dir=${profile}`)) roots.push(pid);
    } catch {
      // The process ended while we looked.
    }
  }
  const tree = new Set(roots);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, parent] of parentOf) {
      if (!tree.has(pid) && tree.has(parent)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  return [...tree];
}

/** Debian Chromium, headless, with fake media devices and nothing that calls out to the internet. */
export async function launchBrowser(options: BrowserOptions = {}): Promise<LaunchedBrowser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'parley-chromium-'));
  const args = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--autoplay-policy=no-user-gesture-required',
    '--use-fake-device-for-media-stream',
    // Loopback-only namespaces otherwise leave Chromium without ICE candidates.
    '--allow-loopback-in-peer-connection',
  ];
  if (!options.denyMicrophone) args.push('--use-fake-ui-for-media-stream');
  if (options.fakeMicrophoneWav) args.push(`--use-file-for-fake-audio-capture=${options.fakeMicrophoneWav}`);
  if (options.autoAcceptTabCapture) args.push('--auto-accept-this-tab-capture');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args,
    // Playwright mutes audio by default; received audio must really play for its energy to count.
    ignoreDefaultArgs: ['--mute-audio'],
    viewport: options.viewport ?? { width: 1280, height: 800 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
    signalProcesses: (signal) => {
      let signalled = 0;
      for (const pid of browserProcessTree(profile)) {
        try {
          process.kill(pid, signal);
          signalled += 1;
        } catch {
          // Already gone.
        }
      }
      return signalled;
    },
  };
}
