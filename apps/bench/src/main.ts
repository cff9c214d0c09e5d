#!/usr/bin/env node
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, startStack, type RunningStack } from '@parley/launcher';
import { requestToken } from '@parley/test-harness/api';
import { renderChart } from './chart.js';
import { runClusterBench } from './cluster-bench.js';
import { loadBenchConfig, type BenchConfig } from './config.js';
import { runConversation, type TokenIssuer, type TurnResult } from './conversation.js';
import { runCutIns, summarizeCutIns, type CutInReport } from './cut-in.js';
import { findAgentWorkerPid, TreeSampler, type ResourceUsage } from './process-sampler.js';
import { breakdown, type BenchReport, type SweepLevel } from './report.js';
import { humanUtterances } from './human-utterances.js';
import { loadBenchSettings } from './settings.js';
import { cutInAudio, utteranceAudio } from './speech.js';
import { probeTransport } from './transport-probe.js';

function log(event: Record<string, unknown>): void {
  console.log(JSON.stringify({ at: new Date().toISOString(), ...event }));
}

function tokenIssuer(stack: RunningStack): TokenIssuer {
  return (room, identity) => requestToken(stack.apiUrl, { room, identity });
}

async function idleUsage(agentPid: number, ms: number): Promise<ResourceUsage> {
  const sampler = new TreeSampler(agentPid);
  sampler.start();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return sampler.stop();
}

type Utterances = { text: string; samples: Int16Array }[];

async function runLevel(config: BenchConfig, stack: RunningStack, agentPid: number, utterances: Utterances, conversations: number, turns: number, tag: string): Promise<{ turns: TurnResult[]; usage: ResourceUsage }> {
  const sampler = new TreeSampler(agentPid);
  sampler.start();
  const runs = Array.from({ length: conversations }, async (_, index) => {
    // Staggered starts so simultaneous conversations do not speak in lockstep.
    await new Promise((resolve) => setTimeout(resolve, index * 700));
    const room = `bench-${tag}-${conversations}-${index}-${Date.now().toString(36)}`;
    return runConversation({
      conversation: index,
      room,
      turns,
      utterances: utterances.slice(index % utterances.length).concat(utterances.slice(0, index % utterances.length)),
      issueToken: tokenIssuer(stack),
      replyTimeoutMs: config.replyTimeoutMs,
      onTurn: (turn) => log({ event: 'turn', level: conversations, ...turn, metrics: undefined, endOfUtteranceMs: turn.metrics?.endOfUtteranceMs, llmMs: turn.metrics?.llmFirstTokenMs, ttsMs: turn.metrics?.ttsFirstByteMs }),
    }).catch((error: unknown): TurnResult[] => {
      // A conversation that never started counts as unanswered turns, so the level still reports.
      const message = error instanceof Error ? error.message : String(error);
      log({ event: 'conversation_failed', room, error: message });
      return Array.from({ length: turns }, (_unused, turn) => ({ conversation: index, turn, text: '', voiceToVoiceMs: null, speechEndAt: null, replyAt: null, metrics: null, error: message }));
    });
  });
  const results = (await Promise.all(runs)).flat();
  return { turns: results, usage: sampler.stop() };
}

interface VariantRun {
  name: string;
  env: Record<string, string>;
  sweep: boolean;
}

async function runVariant(config: BenchConfig, outDir: string, variant: VariantRun): Promise<BenchReport> {
  const resolved = { ...config, outDir };
  const minEndpointingMs = Number(variant.env.PARLEY_ENDPOINTING_MIN_DELAY_MS ?? 500);
  log({ event: 'variant_start', variant: variant.name, turns: config.turns, sweep: variant.sweep ? config.sweep : [], env: variant.env });
  // The sweep measures where latency degrades, not where the worker's slot limit refuses rooms.
  const slots = String(Math.max(4, ...config.sweep));
  const stack = await startStack({ runDir: path.join(outDir, 'runs', variant.name), echoToConsole: false, env: { PARLEY_AGENT_MAX_CONVERSATIONS: slots, ...variant.env } });
  try {
    const agentPid = findAgentWorkerPid();
    if (agentPid === null) throw new Error('could not find the agent worker process under this benchmark');
    const idle = await idleUsage(agentPid, 3000);
    log({ event: 'idle', ...idle });
    const transportOneWay = await probeTransport({ livekitUrl: stack.livekitUrl, apiKey: stack.env.LIVEKIT_API_KEY ?? '', apiSecret: stack.env.LIVEKIT_API_SECRET ?? '', bursts: 40 });
    log({ event: 'transport_probe', ...transportOneWay });
    const utterances = config.speech === 'human' ? await humanUtterances(loadBenchSettings(process.env)) : utteranceAudio(outDir);
    const single = await runLevel(resolved, stack, agentPid, utterances, 1, config.turns, 'single');
    const singleLatency = breakdown(single.turns, minEndpointingMs);
    log({ event: 'single_done', variant: variant.name, voiceToVoice: singleLatency.voiceToVoice, overhead: singleLatency.overhead, inputLag: singleLatency.inputLag, outputLag: singleLatency.outputLag, endOfUtterance: singleLatency.endOfUtterance });
    let cutIns: CutInReport | null = null;
    if (config.cutIns > 0) {
      const audio = cutInAudio(outDir);
      const trials = await runCutIns({
        room: `bench-cut-in-${Date.now().toString(36)}`,
        issueToken: tokenIssuer(stack),
        trials: config.cutIns,
        prompt: audio.prompt,
        cutIns: audio.cutIns,
        replyTimeoutMs: config.replyTimeoutMs,
        onTrial: (trial) => log({ event: 'cut_in', ...trial }),
      });
      cutIns = summarizeCutIns(trials);
      log({ event: 'cut_ins_done', stopOnWords: cutIns.stopOnWords, coughs: { ...cutIns.coughs }, acknowledgements: { ...cutIns.acknowledgements } });
    }
    const sweep: SweepLevel[] = [];
    let baselineP50: number | null = null;
    let baselineP95: number | null = null;
    for (const conversations of variant.sweep ? config.sweep : []) {
      const level = await runLevel(resolved, stack, agentPid, utterances, conversations, config.sweepTurns, 'sweep');
      const latency = breakdown(level.turns, minEndpointingMs);
      const failed = level.turns.filter((turn) => turn.voiceToVoiceMs === null).length;
      baselineP50 ??= latency.voiceToVoice.p50;
      const reasons: string[] = [];
      baselineP95 ??= latency.voiceToVoice.p95;
      // Relative to one conversation: the turn detector's longest wait (3 s) alone puts the
      // single-conversation p95 near 3.4 s, so a fixed p95 bound would stop at level 1.
      if ((latency.voiceToVoice.p95 ?? Infinity) > config.degradeP95Ms) reasons.push(`p95 ${latency.voiceToVoice.p95} ms > ${config.degradeP95Ms} ms`);
      if (baselineP50 !== null && (latency.voiceToVoice.p50 ?? Infinity) > 1.5 * baselineP50) reasons.push(`p50 ${latency.voiceToVoice.p50} ms > 1.5 × ${baselineP50} ms`);
      if (baselineP95 !== null && (latency.voiceToVoice.p95 ?? Infinity) > baselineP95 + 1000) reasons.push(`p95 ${latency.voiceToVoice.p95} ms > ${baselineP95} + 1000 ms`);
      if (failed > level.turns.length * 0.1) reasons.push(`${failed} of ${level.turns.length} turns got no reply`);
      const result: SweepLevel = {
        conversations,
        turnsCompleted: level.turns.length - failed,
        turnsFailed: failed,
        latency,
        agentTree: level.usage,
        memoryPerConversationMb: Math.round((level.usage.peakRssMb - idle.peakRssMb) / conversations),
        cpuCoresPerConversation: Math.round((level.usage.cpuCores / conversations) * 100) / 100,
        degraded: reasons.length > 0,
        degradedReason: reasons.length > 0 ? reasons.join('; ') : null,
      };
      sweep.push(result);
      log({ event: 'sweep_level', conversations, p50: latency.voiceToVoice.p50, p95: latency.voiceToVoice.p95, cpuCores: level.usage.cpuCores, peakRssMb: level.usage.peakRssMb, degraded: result.degradedReason });
      if (result.degraded) break;
    }
    return {
      label: variant.name,
      startedAt: new Date().toISOString(),
      machine: { cpus: os.cpus().length, memoryGb: Math.round(os.totalmem() / 1e9), kernel: os.release(), node: process.version },
      stackEnv: variant.env,
      speech: config.speech,
      turnsRequested: config.turns,
      single: { turns: single.turns, latency: singleLatency, failed: single.turns.filter((turn) => turn.voiceToVoiceMs === null).length, agentTree: single.usage },
      idleAgentTree: idle,
      transportOneWay,
      sweep,
      cutIns,
      degradeRule: `stop when p50 > 1.5 × or p95 > 1 s over the 1-conversation level, p95 > ${config.degradeP95Ms} ms, or > 10 % of turns unanswered`,
      targets: { overheadP50: '≤ 60 ms', voiceToVoiceP50: '≤ 1000 ms', voiceToVoiceP95: '≤ 1500 ms', memoryPerExtraConversation: '≤ 250 MB' },
    };
  } finally {
    await stack.stop();
  }
}

function variantRow(report: BenchReport): string {
  const latency = report.single.latency;
  const env = Object.entries(report.stackEnv).map(([key, value]) => `${key.replace('PARLEY_', '')}=${value}`).join(' ') || 'defaults';
  const cut = report.cutIns;
  const cutIn = cut ? `${cut.stopOnWords.p50 ?? '–'} / ${cut.stopOnWords.p95 ?? '–'} | ${cut.coughs.paused}/${cut.coughs.count} paused, ${cut.coughs.resumed} went on, ${cut.coughs.tookTurn} took the turn | ${cut.acknowledgements.paused}/${cut.acknowledgements.count} paused, ${cut.acknowledgements.resumed} went on, ${cut.acknowledgements.tookTurn} took the turn` : '– | – | –';
  return `| ${report.label} | ${env} | ${latency.voiceToVoice.count} | ${latency.voiceToVoice.p50} | ${latency.voiceToVoice.p95} | ${latency.voiceToVoice.max} | ${latency.endOfUtterance.p50} | ${latency.transcription.p50} | ${latency.llmFirstToken.p50} | ${latency.ttsFirstByte.p50} | ${latency.overhead.p50} | ${latency.inputLag.p50} | ${latency.outputLag.p50} | ${report.transportOneWay.p50} | ${latency.longEndpointingTurns} | ${cutIn} |`;
}

async function main(): Promise<void> {
  const config = loadBenchConfig(process.argv.slice(2));
  const outDir = path.resolve(repoRoot, config.outDir);
  mkdirSync(outDir, { recursive: true });
  if (config.clusterLevels.length > 0) {
    await runClusterBench(config, outDir);
    return;
  }
  const variants: VariantRun[] = config.variants.length > 0
    ? config.variants.map((variant, index) => ({ name: `${config.label}-${variant.name}`, env: { ...config.stackEnv, ...variant.env }, sweep: index === 0 }))
    : [{ name: config.label, env: config.stackEnv, sweep: true }];
  const reports: BenchReport[] = [];
  for (const variant of variants) {
    const report = await runVariant(config, outDir, variant);
    reports.push(report);
    writeFileSync(path.join(outDir, `${report.label}.json`), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(path.join(outDir, `${report.label}.svg`), renderChart(report));
    log({ event: 'variant_done', json: path.join(outDir, `${report.label}.json`), svg: path.join(outDir, `${report.label}.svg`) });
  }
  const table = [
    '| run | agent settings | turns | v2v p50 | v2v p95 | v2v max | EOU p50 | STT p50 | LLM p50 | TTS p50 | overhead p50 | uplink p50 | downlink p50 | transport one way p50 | turns with EOU ≥ min+1 s | barge-in stop p50 / p95 | coughs | acknowledgements |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...reports.map(variantRow),
  ].join('\n');
  writeFileSync(path.join(outDir, `${config.label}-summary.md`), `${table}\n`);
  console.log(table);
}

// @livekit/rtc-node's native client keeps the process alive after the last room: exit explicitly.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
