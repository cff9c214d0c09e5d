#!/usr/bin/env node
/**
 * The local brain on spoken-style requests (npm run bench:brain): tool-call precision and recall,
 * factual answers, and latency, through the framework's real tool loop with the agent's real tools
 * and system prompt. Writes <out>/<label>.json (every turn) and <label>.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { initializeLogger } from '@livekit/agents';
import { repoRoot } from '@parley/launcher';
import { ModelNotInstalledError } from '@parley/models';
import { LlamaCppModel } from '@parley/plugin-llama-cpp';
import { percentile } from '../stats.js';
import { countTurns, EVAL_SET, type EvalItem } from './eval-set.js';
import { HELD_OUT_SET } from './held-out-set.js';
import { HELD_OUT_SET_2 } from './held-out-set-2.js';
import { parseBrainBenchOptions, resolveModelFile, selectedCategories, UsageError, type EvalSetName } from './options.js';
import { brainMarkdown, contended, type BrainRunInfo } from './report.js';
import { BRAIN_SETTINGS, runItem, type BrainSettings } from './runner.js';
import { summarize, type TurnRecord } from './scoring.js';

// node-llama-cpp must never try to build or download llama.cpp at run time.
process.env.NODE_LLAMA_CPP_SKIP_DOWNLOAD ??= 'true';

function progressLine(record: TurnRecord, done: number, total: number): string {
  const tools = record.observed.calls.map((call) => `${call.routed ? 'routed:' : ''}${call.name}${call.argsText}`).join(' ') || 'no tool';
  const reply = record.observed.spoken.replace(/\s+/g, ' ').slice(0, 90);
  const mark = record.verdict.passed ? 'ok  ' : 'FAIL';
  return `[${String(done).padStart(2)}/${total}] ${mark} ${record.itemId}#${record.turnIndex + 1} ${(record.observed.turnMs / 1000).toFixed(1)} s  ${tools}  "${reply}"`;
}

const EVAL_SETS: Record<EvalSetName, readonly EvalItem[]> = { fixed: EVAL_SET, 'held-out': HELD_OUT_SET, 'held-out-2': HELD_OUT_SET_2 };

async function main(): Promise<void> {
  const options = parseBrainBenchOptions(process.argv.slice(2));
  initializeLogger({ pretty: false, level: 'error' });
  const modelFile = await resolveModelFile(options.model, repoRoot);
  const categories = selectedCategories(options);
  const items = EVAL_SETS[options.set].filter((item) => categories.includes(item.category));
  const total = countTurns(items);
  const settings: BrainSettings = { ...BRAIN_SETTINGS, router: options.router, prime: options.prime };

  const loadBefore = os.loadavg()[0] ?? 0;
  const loadStarted = performance.now();
  const model = await LlamaCppModel.load({ modelPath: modelFile, gpu: 'cpu' });
  const loadMs = Math.round(performance.now() - loadStarted);
  console.log(`${path.basename(modelFile)} loaded in ${loadMs} ms; ${options.set} set, ${items.length} conversations, ${total} turns; router ${settings.router ? 'on' : 'off'}, priming ${settings.prime ? 'on' : 'off'}`);

  const records: TurnRecord[] = [];
  const loadDuring: number[] = [];
  try {
    for (const item of items) {
      await runItem(model, item, settings, (record) => {
        records.push(record);
        loadDuring.push(os.loadavg()[0] ?? 0);
        console.log(progressLine(record, records.length, total));
      });
    }
  } finally {
    await model.dispose();
  }

  const summary = summarize(records, categories);
  const info: BrainRunInfo = {
    model: options.model.endsWith('.gguf') ? path.basename(modelFile) : options.model,
    modelFile: path.relative(repoRoot, modelFile) || modelFile,
    loadMs,
    evalSet: options.set,
    settings,
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`,
    items: items.length,
    measuredAt: new Date().toISOString(),
    loadAverage: { before: loadBefore, duringP50: percentile(loadDuring, 0.5) ?? 0, duringMax: loadDuring.length ? Math.max(...loadDuring) : 0 },
    cpus: os.cpus().length,
  };
  const outDir = path.resolve(repoRoot, options.outDir);
  mkdirSync(outDir, { recursive: true });
  const markdown = brainMarkdown(info, summary);
  writeFileSync(path.join(outDir, `${options.label}.json`), `${JSON.stringify({ ...info, driver: 'voice.AgentSession.run (framework tool loop)', categories, summary, turns: records }, null, 2)}\n`);
  writeFileSync(path.join(outDir, `${options.label}.md`), markdown);
  console.log(`\n${markdown}`);
  console.log(`wrote ${path.join(outDir, `${options.label}.json`)} and .md`);
  if (contended(info)) console.warn('warning: other work shared the CPUs during this run; its latency numbers are not representative');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof ModelNotInstalledError) {
      console.error(error.message);
      process.exit(2);
    }
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
