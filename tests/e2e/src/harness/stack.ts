import { startStack, type RunningStack } from '@parley/launcher';
import { requestToken as requestTokenFrom } from '@parley/test-harness/api';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import './exit-on-signal.js';
import { resultsDir } from './paths.js';

/**
 * Starts the real system (LiveKit server, agent worker, API) exactly as `npm start` does,
 * with logs kept under test-results/<name> for inspection after a failure.
 */
export async function startTestStack(name: string, env: Record<string, string> = {}): Promise<RunningStack> {
  const runDir = path.join(resultsDir, 'runs', name);
  mkdirSync(runDir, { recursive: true });
  // Each suite starts from an empty database of its own: sessions one suite leaves (a person still
  // queued when its stack stopped) must not reach the next suite's agent.
  const database = path.join(runDir, 'parley.db');
  for (const file of [database, `${database}-wal`, `${database}-shm`]) rmSync(file, { force: true });
  // Tests written against the echo brain get it even where the agent's default picks the local model.
  return startStack({ runDir, echoToConsole: process.env.PARLEY_E2E_VERBOSE === '1', env: { PARLEY_LLM: 'echo', PARLEY_DATABASE_URL: `sqlite:${database}`, ...env } });
}

export interface IssuedToken {
  serverUrl: string;
  token: string;
}

/** Asks the stack's API for a participant token the way the web page does. */
export function requestToken(stack: RunningStack, room: string, identity: string): Promise<IssuedToken> {
  return requestTokenFrom(stack.apiUrl, { room, identity });
}
