#!/usr/bin/env node
/**
 * Engine measurements without a room (npm run bench:engines): speech recognition word error
 * rate on a fixed utterance set, voice intelligibility (each voice's speech recognized by
 * Whisper) and time to first audio, for the local engines installed here. Writes
 * bench-results/engines.json and engines.md.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inference, initializeLogger, llm, type stt } from '@livekit/agents';
import { AudioFrame } from '@livekit/rtc-node';
import { concatPcm } from '@parley/audio';
import { repoRoot } from '@parley/launcher';
import { modelsDirOf, pythonInterpreter, recognizerBinaryOf, stateDir } from '@parley/models';
import { LlamaCppLLM, LlamaCppModel } from '@parley/plugin-llama-cpp';
import { type EngineName, LocalTTS } from '@parley/plugin-local-tts';
import { PocketSphinxSTT } from '@parley/plugin-pocketsphinx';
import { WhisperSTT } from '@parley/plugin-whisper';
import { loadBenchSettings } from '../settings.js';
import { UTTERANCES } from '../speech.js';
import { percentile } from '../stats.js';
import { wordErrorRate } from './wer.js';

/** The benchmark's utterances plus longer dictation, numbers included; none is in any engine's tuning. */
const SENTENCES: readonly string[] = [
  ...UTTERANCES,
  'remind me to buy milk on the way home',
  'can you explain how a rainbow forms',
  'what is twelve times twelve',
  'send a message to the team that i am running late',
  'how many days are left until the end of the year',
  'turn the volume down a little',
  'what did i have on my calendar for friday afternoon',
  'translate thank you very much into spanish',
];

interface SttRow {
  engine: string;
  /** The voice that spoke the utterances: each synthesizer is a different "speaker". */
  voice: string;
  wer: number;
  latencyMs: { p50: number | null; p95: number | null };
  errors: { reference: string; hypothesis: string }[];
}

interface LlmRow {
  model: string;
  loadMs: number;
  /** Per turn: time to first token, and how much of the prompt the KV cache served. */
  turns: { question: string; firstTokenMs: number | null; tokensPerSecond: number; evaluatedPromptTokens: number; cachedPromptTokens: number; reply: string }[];
}

interface TtsRow {
  engine: EngineName;
  sampleRate: number;
  firstAudioMs: { p50: number | null; p95: number | null };
  realTimeFactor: number;
  /** Whisper's word error rate on this voice: intelligibility. */
  roundTripWer: number;
}

const state = stateDir(process.env, repoRoot);
const python = pythonInterpreter(process.env, state);
const models = modelsDirOf(process.env, state);
const whisperModel = path.join(models, 'whisper-tiny-ct2');
const piperVoice = path.join(models, 'piper-en-us-joe-medium', 'en_US-joe-medium.onnx');
// The default brain's model (raw speed; npm run bench:brain measures it as the assistant).
const defaultLlm = path.join(models, 'qwen2.5-coder-1.5b-instruct-q4_k_m', 'qwen2.5-coder-1.5b-instruct-q4_k_m.gguf');

const SHORT_WINDOWS_S = [15, 10] as const;

const QUESTIONS = ['Hello, who are you?', 'What is the capital of France?', 'Give me one tip for sleeping better.', 'How many legs does a spider have?', 'Say goodbye in one sentence.'];

/** A small instruct GGUF, when installed: time to first token with the KV cache kept across turns. */
async function measureLlm(file: string): Promise<LlmRow> {
  const started = performance.now();
  const model = await LlamaCppModel.load({ modelPath: file, gpu: 'cpu' });
  const loadMs = Math.round(performance.now() - started);
  const brain = new LlamaCppLLM({ model, contextSize: 2048, maxTokens: 60, temperature: 0 });
  const chatCtx = llm.ChatContext.empty();
  chatCtx.addMessage({ role: 'system', content: 'You are Parley, a helpful voice assistant. Answer in one short sentence.' });
  const turns: LlmRow['turns'] = [];
  try {
    for (const question of QUESTIONS) {
      chatCtx.addMessage({ role: 'user', content: question });
      let reply = '';
      for await (const chunk of brain.chat({ chatCtx })) reply += chunk.delta?.content ?? '';
      chatCtx.addMessage({ role: 'assistant', content: reply });
      const stats = brain.lastGeneration;
      if (!stats) throw new Error('the model produced no generation stats');
      const streamMs = Math.max(1, stats.durationMs - (stats.firstTokenMs ?? 0));
      turns.push({ question, firstTokenMs: stats.firstTokenMs, tokensPerSecond: Math.round((stats.outputTokens / streamMs) * 1000), evaluatedPromptTokens: stats.evaluatedPromptTokens, cachedPromptTokens: stats.cachedPromptTokens, reply: reply.trim() });
    }
  } finally {
    await brain.aclose();
    await model.dispose();
  }
  const row = { model: path.basename(file), loadMs, turns };
  console.log(`LLM ${row.model}: load ${loadMs} ms, first token ${turns.map((turn) => turn.firstTokenMs).join(', ')} ms, ${turns.map((turn) => turn.tokensPerSecond).join(', ')} tok/s`);
  return row;
}

function frameOf(samples: Int16Array, sampleRate: number): AudioFrame[] {
  return [new AudioFrame(samples, sampleRate, 1, samples.length)];
}

interface VoicedSet {
  voice: string;
  sampleRate: number;
  audio: Int16Array[];
}

async function measureStt(name: string, engine: stt.STT, set: VoicedSet): Promise<SttRow> {
  const latencies: number[] = [];
  const pairs: { reference: string; hypothesis: string }[] = [];
  for (const [index, samples] of set.audio.entries()) {
    const started = performance.now();
    const event = await engine.recognize(frameOf(samples, set.sampleRate));
    latencies.push(performance.now() - started);
    pairs.push({ reference: SENTENCES[index] ?? '', hypothesis: event.alternatives?.[0]?.text ?? '' });
  }
  const wer = wordErrorRate(pairs);
  const errors = pairs.filter((pair) => wordErrorRate([pair]) > 0);
  console.log(`STT ${name} on ${set.voice}: WER ${(wer * 100).toFixed(1)} %, recognize() p50 ${Math.round(percentile(latencies, 0.5) ?? 0)} ms`);
  return { engine: name, voice: set.voice, wer, latencyMs: { p50: round(percentile(latencies, 0.5)), p95: round(percentile(latencies, 0.95)) }, errors };
}

async function measureTts(engine: EngineName, judge: WhisperSTT): Promise<{ row: TtsRow; set: VoicedSet }> {
  const voice = new LocalTTS({ engine, fallback: false, ...(engine === 'piper' ? { piper: { python, voice: piperVoice } } : {}) });
  voice.on('error', () => undefined);
  await voice.prewarm();
  const firstAudio: number[] = [];
  let synthMs = 0;
  let audioMs = 0;
  const pairs: { reference: string; hypothesis: string }[] = [];
  const voiced: Int16Array[] = [];
  try {
    for (const sentence of SENTENCES) {
      const started = performance.now();
      const parts: Int16Array[] = [];
      let first = -1;
      for await (const audio of voice.synthesize(`${sentence[0]?.toUpperCase() ?? ''}${sentence.slice(1)}.`)) {
        if (first < 0) first = performance.now() - started;
        parts.push(audio.frame.data.slice(0, audio.frame.samplesPerChannel));
      }
      synthMs += performance.now() - started;
      firstAudio.push(first);
      const samples = concatPcm(parts);
      voiced.push(samples);
      audioMs += (samples.length / voice.sampleRate) * 1000;
      const heard = await judge.recognize(frameOf(samples, voice.sampleRate));
      pairs.push({ reference: sentence, hypothesis: heard.alternatives?.[0]?.text ?? '' });
    }
  } finally {
    await voice.close();
  }
  const row: TtsRow = {
    engine,
    sampleRate: voice.sampleRate,
    firstAudioMs: { p50: round(percentile(firstAudio, 0.5)), p95: round(percentile(firstAudio, 0.95)) },
    realTimeFactor: Math.round((synthMs / Math.max(1, audioMs)) * 1000) / 1000,
    roundTripWer: wordErrorRate(pairs),
  };
  console.log(`TTS ${engine}: first audio p50 ${row.firstAudioMs.p50} ms, RTF ${row.realTimeFactor}, Whisper round-trip WER ${(row.roundTripWer * 100).toFixed(1)} %`);
  return { row, set: { voice: engine, sampleRate: voice.sampleRate, audio: voiced } };
}

function round(value: number | null): number | null {
  return value === null ? null : Math.round(value);
}

function markdown(sttRows: SttRow[], ttsRows: TtsRow[], llmRow: LlmRow | null): string {
  return [
    `Engines on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'cpu'}), ${SENTENCES.length} utterances voiced by each local synthesizer (synthetic speakers, not people).`,
    '',
    '| speech recognition | utterances voiced by | WER | recognize() p50 | p95 |',
    '|---|---|---|---|---|',
    ...sttRows.map((row) => `| ${row.engine} | ${row.voice} | ${(row.wer * 100).toFixed(1)} % | ${row.latencyMs.p50} ms | ${row.latencyMs.p95} ms |`),
    '',
    '| voice | rate | first audio p50 | p95 | real-time factor | Whisper round-trip WER |',
    '|---|---|---|---|---|---|',
    ...ttsRows.map((row) => `| ${row.engine} | ${row.sampleRate} Hz | ${row.firstAudioMs.p50} ms | ${row.firstAudioMs.p95} ms | ${row.realTimeFactor} | ${(row.roundTripWer * 100).toFixed(1)} % |`),
    '',
    ...(llmRow === null
      ? ['No local LLM installed (node packages/models/dist/cli.js install smollm2-135m-instruct-q4_1).', '']
      : [
          `Local LLM ${llmRow.model} (load ${llmRow.loadMs} ms), one conversation, KV cache kept across turns:`,
          '',
          '| turn | first token | tokens/s | prompt tokens evaluated / from cache | reply |',
          '|---|---|---|---|---|',
          ...llmRow.turns.map((turn, index) => `| ${index + 1} | ${turn.firstTokenMs} ms | ${turn.tokensPerSecond} | ${turn.evaluatedPromptTokens} / ${turn.cachedPromptTokens} | ${turn.reply.replaceAll('|', '/').slice(0, 70)} |`),
          '',
        ]),
  ].join('\n');
}

async function main(): Promise<void> {
  initializeLogger({ pretty: false, level: 'warn' });
  const outDir = path.join(repoRoot, loadBenchSettings(process.env).PARLEY_BENCH_OUT);
  const vad = new inference.VAD();
  const whisper = new WhisperSTT({ python, modelDir: whisperModel, vad });
  // The final decode's encoder window trades accuracy for time (PARLEY_WHISPER_FINAL_WINDOW_S).
  const shortWindows = SHORT_WINDOWS_S.map((windowS) => ({ windowS, engine: new WhisperSTT({ python, modelDir: whisperModel, vad, finalWindowS: windowS }) }));
  const pocketsphinx = new PocketSphinxSTT({ vad, binaryPath: recognizerBinaryOf(process.env, state) });
  await Promise.all([whisper.prewarm(), pocketsphinx.prewarm(), ...shortWindows.map((entry) => entry.engine.prewarm())]);
  const ttsRows: TtsRow[] = [];
  const sets: VoicedSet[] = [];
  for (const engine of ['piper', 'festival', 'flite', 'espeak-ng'] as const) {
    const { row, set } = await measureTts(engine, whisper);
    ttsRows.push(row);
    // espeak-ng is too robotic to stand for a person; the others are three different speakers.
    if (engine !== 'espeak-ng') sets.push(set);
  }
  const sttRows: SttRow[] = [];
  for (const set of sets) {
    sttRows.push(await measureStt('whisper-tiny-ct2', whisper, set));
    for (const entry of shortWindows) sttRows.push(await measureStt(`whisper-tiny-ct2, ${entry.windowS} s window`, entry.engine, set));
    sttRows.push(await measureStt('pocketsphinx-en-us', pocketsphinx, set));
  }
  await Promise.all([whisper.close(), pocketsphinx.close(), ...shortWindows.map((entry) => entry.engine.close())]);
  const llmRow = existsSync(defaultLlm) ? await measureLlm(defaultLlm) : null;
  mkdirSync(outDir, { recursive: true });
  const report = { measuredAt: new Date().toISOString(), machine: { cpus: os.cpus().length, node: process.version }, sentences: SENTENCES, stt: sttRows, tts: ttsRows, llm: llmRow };
  writeFileSync(path.join(outDir, 'engines.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(outDir, 'engines.md'), markdown(sttRows, ttsRows, llmRow));
  console.log(`\n${markdown(sttRows, ttsRows, llmRow)}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
