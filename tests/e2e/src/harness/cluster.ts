import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { startCluster, type RunningCluster } from '@parley/launcher';
import { requestToken } from '@parley/test-harness/api';
import './exit-on-signal.js';
import { resultsDir } from './paths.js';
import type { IssuedToken } from './stack.js';

/**
 * Starts the real cluster (Redis, PostgreSQL, LiveKit nodes, one agent worker and one API per
 * node) as `npm run cluster` does, with ports apart from the single-node suites and logs under
 * test-results/runs/<name>. Each run starts from empty Redis and PostgreSQL data.
 */
export async function startTestCluster(name: string, env: Record<string, string> = {}): Promise<RunningCluster> {
  const runDir = path.join(resultsDir, 'runs', name);
  for (const data of ['redis', 'postgres', 'logs']) rmSync(path.join(runDir, data), { recursive: true, force: true });
  return startCluster({
    runDir,
    echoToConsole: process.env.PARLEY_E2E_VERBOSE === '1',
    env: {
      PARLEY_LLM: 'echo',
      PARLEY_LIVEKIT_PORT: '17880',
      PARLEY_LIVEKIT_TCP_PORT: '17881',
      PARLEY_LIVEKIT_UDP_PORT: '17882',
      PARLEY_API_PORT: '18080',
      PARLEY_AGENT_PORT: '18081',
      PARLEY_REDIS_PORT: '16379',
      PARLEY_POSTGRES_PORT: '15433',
      ...env,
    },
  });
}

/** Asks one API instance for a participant token, as the web page does. */
export function requestClusterToken(apiUrl: string, room: string, identity: string, dispatchAgent = true): Promise<IssuedToken> {
  return requestToken(apiUrl, { room, identity, dispatchAgent });
}

interface LogLine {
  msg?: string;
  room?: string;
  jobId?: string;
  [key: string]: unknown;
}

function logLines(name: string, service: string): LogLine[] {
  let text = '';
  try {
    text = readFileSync(path.join(resultsDir, 'runs', name, 'logs', `${service}.log`), 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      return [JSON.parse(line) as LogLine];
    } catch {
      return [];
    }
  });
}

/**
 * The LiveKit node hosting a room's media: the one whose log says a participant became active in
 * it (LiveKit runs a room's sessions on the node its selector picked, whatever node a client
 * connected to). The latest such node, as a room moves after its node dies.
 */
export function nodeHostingRoom(cluster: RunningCluster, name: string, room: string, identity?: string): number | null {
  let found: { node: number; ts: number } | null = null;
  for (const node of cluster.nodes) {
    for (const line of logLines(name, node.services.livekit)) {
      if (line.msg !== 'participant active' || line.room !== room) continue;
      if (identity !== undefined && line.participant !== identity) continue;
      const ts = Number(line.ts ?? 0);
      if (found === null || ts > found.ts) found = { node: node.number, ts };
    }
  }
  return found?.node ?? null;
}

/** The agent worker that took a job: the one whose log has its "received job request". */
export function workerOfJob(cluster: RunningCluster, name: string, jobId: string): number | null {
  for (const node of cluster.nodes) {
    if (logLines(name, node.services.agent).some((line) => line.msg === 'received job request' && line.jobId === jobId)) return node.number;
  }
  return null;
}
