import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCluster, type RunningCluster } from '@parley/launcher';
import { requestToken } from '@parley/test-harness/api';
import type { BenchConfig } from './config.js';
import { runConversation, type TurnResult } from './conversation.js';
import { TreeSampler, type ResourceUsage } from './process-sampler.js';
import { utteranceAudio } from './speech.js';
import { distribution, type Distribution } from './stats.js';

/** One step of the cluster sweep: N conversations at once, spread by LiveKit over the nodes. */
export interface ClusterLevel {
  conversations: number;
  voiceToVoice: Distribution;
  /** Token request → the agent listening in the room. */
  dispatchWait: Distribution;
  turnsFailed: number;
  turnsTotal: number;
  conversationsFailed: number;
  /** Per service (livekit-1, agent-1, api-1, …): CPU cores and peak memory of its process tree. */
  services: Record<string, ResourceUsage>;
  /** Agent workers' CPU over the level, per conversation (cores). */
  agentCoresPerConversation: number;
  /** The same above the idle cluster's agent CPU: what one more conversation costs. */
  extraAgentCoresPerConversation: number;
  /** Agent workers' peak memory above idle, per conversation. */
  extraAgentMbPerConversation: number;
  degraded: boolean;
  degradedReason: string | null;
}

export interface ClusterReport {
  startedAt: string;
  machine: { cpus: number; memoryGb: number };
  nodes: number;
  turnsPerConversation: number;
  stackEnv: Record<string, string>;
  idle: Record<string, ResourceUsage>;
  levels: ClusterLevel[];
  /** The largest level that did not degrade, per CPU core of this machine. */
  conversationsPerCore: number | null;
  degradeRule: string;
}

const IDLE_SETTLE_MS = 15_000;

function log(event: Record<string, unknown>): void {
  console.log(JSON.stringify({ at: new Date().toISOString(), ...event }));
}

/** Every service's process, for the per-node memory and CPU samplers. */
function serviceSamplers(cluster: RunningCluster): Map<string, TreeSampler> {
  const samplers = new Map<string, TreeSampler>();
  for (const node of cluster.nodes) {
    for (const name of Object.values(node.services)) {
      const pid = cluster.supervisor.current(name)?.process.pid;
      if (pid !== undefined) samplers.set(name, new TreeSampler(pid));
    }
  }
  return samplers;
}

async function sampleServices(cluster: RunningCluster, during: () => Promise<void>): Promise<Record<string, ResourceUsage>> {
  const samplers = serviceSamplers(cluster);
  for (const sampler of samplers.values()) sampler.start();
  await during();
  return Object.fromEntries([...samplers].map(([name, sampler]) => [name, sampler.stop()]));
}

const sumOver = (usage: Record<string, ResourceUsage>, prefix: string, pick: (usage: ResourceUsage) => number): number =>
  Object.entries(usage)
    .filter(([name]) => name.startsWith(prefix))
    .reduce((sum, [, each]) => sum + pick(each), 0);

async function runLevel(config: BenchConfig, cluster: RunningCluster, conversations: number): Promise<{ turns: TurnResult[]; waits: number[]; failed: number; services: Record<string, ResourceUsage> }> {
  const utterances = utteranceAudio(config.outDir);
  const waits: number[] = [];
  let failed = 0;
  let turns: TurnResult[] = [];
  const services = await sampleServices(cluster, async () => {
    const runs = Array.from({ length: conversations }, async (_, index) => {
      // Arrivals 700 ms apart, as people come: LiveKit's "fewest rooms" selector sees stats refreshed every 2 s.
      await new Promise((resolve) => setTimeout(resolve, index * 700));
      const room = `cluster-${conversations}-${index}-${Date.now().toString(36)}`;
      // Half the people load the page from each API server.
      const api = cluster.nodes[index % cluster.nodes.length]?.apiUrl ?? '';
      return runConversation({
        conversation: index,
        room,
        turns: config.sweepTurns,
        utterances: utterances.slice(index % utterances.length).concat(utterances.slice(0, index % utterances.length)),
        issueToken: (roomName, identity) => requestToken(api, { room: roomName, identity }),
        replyTimeoutMs: config.replyTimeoutMs,
        onAgentReady: (waitMs) => waits.push(waitMs),
        onTurn: (turn) => log({ event: 'turn', level: conversations, conversation: index, turn: turn.turn, voiceToVoiceMs: turn.voiceToVoiceMs, error: turn.error }),
      }).catch((error: unknown): TurnResult[] => {
        failed += 1;
        const message = error instanceof Error ? error.message : String(error);
        log({ event: 'conversation_failed', room, error: message });
        return Array.from({ length: config.sweepTurns }, (_unused, turn) => ({ conversation: index, turn, text: '', voiceToVoiceMs: null, speechEndAt: null, replyAt: null, metrics: null, error: message }));
      });
    });
    turns = (await Promise.all(runs)).flat();
  });
  return { turns, waits, failed, services };
}

/**
 * `npm run bench -- --cluster 2,4,6,8`: the cluster of `npm run cluster` (two LiveKit nodes on
 * Redis, a worker and an API per node, PostgreSQL), N simultaneous spoken conversations per
 * level, until a level degrades. Reports voice-to-voice, dispatch wait, failures, and CPU and
 * memory per service of each node.
 */
export async function runClusterBench(config: BenchConfig, outDir: string): Promise<ClusterReport> {
  const nodes = 2;
  const slots = String(Math.ceil(Math.max(...config.clusterLevels) / nodes) + 1);
  const stackEnv = { PARLEY_AGENT_MAX_CONVERSATIONS: slots, ...config.stackEnv };
  const cluster = await startCluster({
    runDir: path.join(outDir, 'runs', `${config.label}-cluster`),
    echoToConsole: false,
    env: { PARLEY_CLUSTER_NODES: String(nodes), PARLEY_REDIS_PORT: '16390', PARLEY_POSTGRES_PORT: '15440', ...stackEnv },
  });
  try {
    // Workers warm their engines and job processes after they register: measure idle once that is over.
    await new Promise((resolve) => setTimeout(resolve, IDLE_SETTLE_MS));
    const idle = await sampleServices(cluster, () => new Promise((resolve) => setTimeout(resolve, 3000)));
    log({ event: 'cluster_idle', idle });
    const levels: ClusterLevel[] = [];
    let baseline: { p50: number; p95: number } | null = null;
    for (const conversations of config.clusterLevels) {
      const run = await runLevel(config, cluster, conversations);
      const latencies = run.turns.map((turn) => turn.voiceToVoiceMs).filter((value): value is number => value !== null);
      const voiceToVoice = distribution(latencies.map(Math.round));
      const turnsFailed = run.turns.length - latencies.length;
      baseline ??= voiceToVoice.p50 !== null && voiceToVoice.p95 !== null ? { p50: voiceToVoice.p50, p95: voiceToVoice.p95 } : null;
      const reasons: string[] = [];
      if ((voiceToVoice.p95 ?? Infinity) > config.degradeP95Ms) reasons.push(`p95 ${voiceToVoice.p95} ms > ${config.degradeP95Ms} ms`);
      if (baseline && (voiceToVoice.p50 ?? Infinity) > 1.5 * baseline.p50) reasons.push(`p50 ${voiceToVoice.p50} ms > 1.5 × ${baseline.p50} ms`);
      if (baseline && (voiceToVoice.p95 ?? Infinity) > baseline.p95 + 1000) reasons.push(`p95 ${voiceToVoice.p95} ms > ${baseline.p95} + 1000 ms`);
      if (turnsFailed > run.turns.length * 0.1) reasons.push(`${turnsFailed} of ${run.turns.length} turns got no reply`);
      const agentCores = sumOver(run.services, 'agent-', (usage) => usage.cpuCores);
      const idleCores = sumOver(idle, 'agent-', (usage) => usage.cpuCores);
      const extraMb = sumOver(run.services, 'agent-', (usage) => usage.peakRssMb) - sumOver(idle, 'agent-', (usage) => usage.peakRssMb);
      const level: ClusterLevel = {
        conversations,
        voiceToVoice,
        dispatchWait: distribution(run.waits),
        turnsFailed,
        turnsTotal: run.turns.length,
        conversationsFailed: run.failed,
        services: run.services,
        agentCoresPerConversation: Math.round((agentCores / conversations) * 100) / 100,
        extraAgentCoresPerConversation: Math.round((Math.max(0, agentCores - idleCores) / conversations) * 100) / 100,
        extraAgentMbPerConversation: Math.round(Math.max(0, extraMb) / conversations),
        degraded: reasons.length > 0,
        degradedReason: reasons.length > 0 ? reasons.join('; ') : null,
      };
      levels.push(level);
      log({ event: 'cluster_level', conversations, p50: voiceToVoice.p50, p95: voiceToVoice.p95, dispatchWaitP50: level.dispatchWait.p50, turnsFailed, degraded: level.degradedReason });
      if (level.degraded) break;
    }
    const holding = levels.filter((level) => !level.degraded).at(-1);
    const cpus = os.cpus().length;
    const report: ClusterReport = {
      startedAt: new Date().toISOString(),
      machine: { cpus, memoryGb: Math.round(os.totalmem() / 1e9) },
      nodes,
      turnsPerConversation: config.sweepTurns,
      stackEnv,
      idle,
      levels,
      conversationsPerCore: holding ? Math.round((holding.conversations / cpus) * 100) / 100 : null,
      degradeRule: `stop when p50 > 1.5 × or p95 > 1 s over the first level, p95 > ${config.degradeP95Ms} ms, or > 10 % of turns unanswered`,
    };
    writeFileSync(path.join(outDir, `${config.label}-cluster.json`), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(path.join(outDir, `${config.label}-cluster.md`), `${clusterTable(report)}\n`);
    console.log(clusterTable(report));
    return report;
  } finally {
    await cluster.stop();
  }
}

/** Markdown: one row per level, memory per node's services at the peak. */
export function clusterTable(report: ClusterReport): string {
  const names = [...new Set(report.levels.flatMap((level) => Object.keys(level.services)))].sort();
  const header = ['conversations', 'v2v p50', 'v2v p95', 'dispatch wait p50 / max', 'turns failed', 'agent CPU per conversation (above idle)', 'agent MB per conversation above idle', ...names.map((name) => `${name} peak MB`), 'degraded'];
  const rows = report.levels.map((level) => [
    String(level.conversations),
    `${level.voiceToVoice.p50 ?? '–'} ms`,
    `${level.voiceToVoice.p95 ?? '–'} ms`,
    `${level.dispatchWait.p50 ?? '–'} / ${level.dispatchWait.max ?? '–'} ms`,
    `${level.turnsFailed} of ${level.turnsTotal}`,
    `${level.agentCoresPerConversation} (${level.extraAgentCoresPerConversation}) cores`,
    String(level.extraAgentMbPerConversation),
    ...names.map((name) => String(level.services[name]?.peakRssMb ?? '–')),
    level.degradedReason ?? 'no',
  ]);
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}
