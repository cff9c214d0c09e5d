import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initializeLogger, tts } from '@livekit/agents';
import type { AudioFrame } from '@livekit/rtc-node';
import { concatPcm } from '@parley/audio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineName } from './engine.js';
import { FestivalEngine, FestivalReplyDecoder } from './festival/index.js';
import { foldToAscii, leadWithShortClause, sanitizeText, schemeString, splitForSynthesis } from './text.js';
import type { PiperOptions } from './piper.js';
import { LocalTTS, LocalTTSSetupError, type LocalTTSOptions } from './tts.js';

// Piper runs in its Python worker with the voice scripts/setup.sh installs. Without them it is
// skipped, unless PARLEY_REQUIRE_NEURAL_SPEECH=1 (the test command, whose setup installs them).
const STATE = fileURLToPath(new URL('../../../.parley', import.meta.url));
const PIPER: PiperOptions = {
  python: process.env.PARLEY_PYTHON ?? join(STATE, 'python', 'bin', 'python'),
  voice: join(process.env.PARLEY_MODELS_DIR ?? join(STATE, 'models'), 'piper-en-us-joe-medium', 'en_US-joe-medium.onnx'),
};
const piperInstalled = existsSync(PIPER.python) && existsSync(PIPER.voice);
if (!piperInstalled && process.env.PARLEY_REQUIRE_NEURAL_SPEECH === '1') throw new Error(`the Piper voice is not installed (${PIPER.voice}); run bash scripts/setup.sh`);

const ENGINES: EngineName[] = [...(piperInstalled ? (['piper'] as const) : []), 'festival', 'flite', 'espeak-ng'];

/** One engine alone, no fallback. */
function only(engine: EngineName): LocalTTSOptions {
  return { engine, fallback: false, ...(engine === 'piper' ? { piper: PIPER } : {}) };
}
const SENTENCES = [
  'Sure.',
  'The weather today is sunny with a light breeze.',
  'I can help you with that right away.',
  'Please hold on while I look up the answer to your question.',
  'Okay, done.',
];

function rms(samples: Int16Array): number {
  let acc = 0;
  for (const s of samples) acc += s * s;
  return Math.sqrt(acc / Math.max(1, samples.length));
}

function concatFrames(frames: AudioFrame[]): Int16Array {
  return concatPcm(frames.map((frame) => frame.data));
}

interface Collected {
  frames: AudioFrame[];
  events: tts.SynthesizedAudio[];
  ttfaMs: number;
  totalMs: number;
  /** Arrival time (ms from start) of the first frame of each synthesized chunk. */
  chunkStarts: number[];
}

async function collect(stream: AsyncIterable<tts.SynthesizedAudio>): Promise<Collected> {
  const t0 = performance.now();
  const frames: AudioFrame[] = [];
  const events: tts.SynthesizedAudio[] = [];
  const chunkStarts: number[] = [];
  let ttfaMs = -1;
  for await (const ev of stream) {
    const now = performance.now() - t0;
    if (ttfaMs < 0) ttfaMs = now;
    if (ev.deltaText) chunkStarts.push(now);
    frames.push(ev.frame);
    events.push(ev);
  }
  return { frames, events, ttfaMs, totalMs: performance.now() - t0, chunkStarts };
}

/** Reads a stream() to its end: when its first audio came (ms after `t0`) and how many frames it gave. */
async function firstAudio(stream: tts.SynthesizeStream, t0: number): Promise<{ first: number; frames: number }> {
  let first = -1;
  let frames = 0;
  for await (const ev of stream) {
    if (ev === tts.SynthesizeStream.END_OF_STREAM) break;
    if (first < 0) first = performance.now() - t0;
    frames++;
  }
  return { first, frames };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

const ttsErrors: string[] = [];
/** Like AgentSession, listen for 'error' events (an EventEmitter throws without a listener). */
function track(t: LocalTTS): LocalTTS {
  t.on('error', (e) => ttsErrors.push(e.error.message));
  return t;
}

function available(engine: EngineName): boolean {
  try {
    const t = new LocalTTS(only(engine));
    void t.close();
    return true;
  } catch {
    return false;
  }
}

beforeAll(() => {
  initializeLogger({ pretty: false, level: 'warn' });
});

describe('text helpers', () => {
  it('sanitizes control characters, caps length and quotes for Scheme', () => {
    expect(sanitizeText('a\u0000b\nc\td\u202e', 100).text).toBe('a b c d');
    const long = sanitizeText('word '.repeat(100), 50);
    expect(long.truncated).toBe(true);
    expect(long.text.length).toBeLessThanOrEqual(50);
    expect(schemeString('say "hi" \\ now')).toBe('"say \\"hi\\" \\\\ now"');
    expect(foldToAscii('Caf\u00e9 \u201cna\u00efve\u201d \u2014 ok \u{1F600}')).toBe('Cafe "naive" , ok');
    expect(foldToAscii('\u{1F600}\u{1F600}')).toBe('');
  });

  it('splits into sentences and caps chunk length', () => {
    const parts = splitForSynthesis('Hello there, my friend. How are you doing today? I am fine.', 400);
    expect(parts.length).toBeGreaterThanOrEqual(2);
    const longParts = splitForSynthesis(`${'alpha beta gamma, '.repeat(60)}end.`, 120);
    expect(longParts.every((p) => p.length <= 120)).toBe(true);
    expect(longParts.join(' ').replace(/\s+/g, ' ')).toBe(`${'alpha beta gamma, '.repeat(60)}end.`.trim());
  });

  it('starts a long first sentence with its first clause, so the first audio comes sooner', () => {
    const long = 'Well, the weather today is sunny with a light breeze from the west, and warm.';
    expect(leadWithShortClause([long, 'Next.'])).toEqual([long, 'Next.']); // "Well," is too short a clause
    const clause = 'Sure thing, my friend, the weather today is sunny with a light breeze from the west.';
    expect(leadWithShortClause([clause])).toEqual(['Sure thing, my friend,', 'the weather today is sunny with a light breeze from the west.']);
    expect(leadWithShortClause(['A short one.', 'Another, with a comma in it that is long enough to matter here.'])).toEqual(['A short one.', 'Another, with a comma in it that is long enough to matter here.']);
    expect(leadWithShortClause(['No boundary in this first sentence even though it is clearly longer than sixty characters.'])).toHaveLength(1);
  });

  it('decodes festival replies, including a stuffed key inside the payload', () => {
    const got: string[] = [];
    const dec = new FestivalReplyDecoder((r) => got.push(r.kind === 'wave' || r.kind === 'lisp' ? `${r.kind}:${r.data.toString('latin1')}` : r.kind));
    // Same rules as festival_client: a literal key inside a payload is sent with an 'X'
    // before its last byte; a partial match that breaks is plain data.
    const wire = Buffer.from('WV\nabc ft_StUfF_keXy ft_x f.ft_StUfF_key' + 'LP\n#<Utterance>\nft_StUfF_keyOK\nER\n', 'latin1');
    // Feed byte by byte to exercise every split point.
    for (const b of wire) dec.push(Buffer.from([b]));
    expect(got).toEqual(['wave:abc ft_StUfF_key ft_x f.', 'lisp:#<Utterance>\n', 'ok', 'error']);
  });
});

describe('setup', () => {
  it('names the Debian packages when no engine exists', () => {
    expect(
      () =>
        new LocalTTS({
          festival: { binary: '/nonexistent/festival' },
          flite: { binary: '/nonexistent/flite' },
          espeakNg: { binary: '/nonexistent/espeak-ng' },
        }),
    ).toThrow(LocalTTSSetupError);
    try {
      new LocalTTS({ engine: 'flite', fallback: false, flite: { binary: '/nonexistent/flite' } });
    } catch (e) {
      expect((e as Error).message).toMatch(/festvox-us-slt-hts/);
      expect((e as Error).message).toMatch(/espeak-ng/);
    }
  });
});

const ttfaReport: Record<string, { medianMs: number; samples: number[]; rate: number }> = {};

describe.each(ENGINES)('engine %s', (engine) => {
  const ok = available(engine);
  let t: LocalTTS;

  beforeAll(async () => {
    if (!ok) return;
    t = track(new LocalTTS(only(engine)));
    await t.prewarm();
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it.skipIf(!ok)('synthesizes speech at the declared rate with real energy', async () => {
    const { frames } = await collect(t.synthesize('Hello, this is a test of the local speech engine.'));
    expect(frames.length).toBeGreaterThan(10);
    for (const f of frames) {
      expect(f.sampleRate).toBe(t.sampleRate);
      expect(f.channels).toBe(1);
      expect(f.samplesPerChannel).toBeLessThanOrEqual(t.frameSamples);
    }
    const pcm = concatFrames(frames);
    const seconds = pcm.length / t.sampleRate;
    expect(seconds).toBeGreaterThan(1.2);
    expect(seconds).toBeLessThan(10);
    expect(rms(pcm)).toBeGreaterThan(500); // digital silence is 0; speech is in the thousands
  });

  it.skipIf(!ok)('measures time to first audio over several sentences', async () => {
    const samples: number[] = [];
    for (const s of SENTENCES) {
      const { ttfaMs, frames } = await collect(t.synthesize(s));
      expect(frames.length).toBeGreaterThan(0);
      samples.push(Math.round(ttfaMs));
    }
    ttfaReport[engine] = { medianMs: median(samples), samples, rate: t.sampleRate };
    console.log(`[ttfa] ${engine} @${t.sampleRate} Hz: median ${median(samples)} ms, samples ${samples.join(', ')}`);
    expect(median(samples)).toBeLessThan(2000);
  });
});

describe('sentence-by-sentence delivery', () => {
  const ok = available('festival') || available('flite');
  it.skipIf(!ok)('emits the first sentence before the second one is synthesized', async () => {
    const t = track(new LocalTTS());
    await t.prewarm();
    try {
      const text =
        'Sure, I can do that for you. ' +
        'The second sentence is deliberately quite a bit longer than the first one, so that synthesizing it takes a noticeable amount of time.';
      const r = await collect(t.synthesize(text));
      expect(r.chunkStarts.length).toBeGreaterThanOrEqual(2);
      const [first, second] = r.chunkStarts;
      console.log(
        `[sentences] ${t.engines[0]?.name}: first audio ${Math.round(r.ttfaMs)} ms, second sentence at ${Math.round(second ?? 0)} ms, done ${Math.round(r.totalMs)} ms`,
      );
      expect(first).toBeDefined();
      expect(second).toBeDefined();
      // The second sentence's synthesis time separates the two.
      expect((second ?? 0) - (first ?? 0)).toBeGreaterThan(30);
      expect(r.events[r.events.length - 1]?.final).toBe(true);
    } finally {
      await t.close();
    }
  });

  it.skipIf(!ok)('speaks streamed LLM text sentence by sentence through stream()', async () => {
    const t = track(new LocalTTS());
    await t.prewarm();
    try {
      const stream = t.stream();
      const t0 = performance.now();
      const pieces = ['Hello there', '! I found', ' three results for you.', ' The first one', ' is the best match.'];
      void (async () => {
        for (const p of pieces) {
          stream.pushText(p);
          await new Promise((r) => setTimeout(r, 40));
        }
        stream.endInput();
      })();
      const { first, frames } = await firstAudio(stream, t0);
      console.log(`[stream] first audio ${Math.round(first)} ms after first token, ${frames} frames`);
      expect(frames).toBeGreaterThan(50);
      // First audio comes before all text was even pushed (5 pieces × 40 ms).
      expect(first).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });

  it.skipIf(!ok)('voices the opening clause while a slow model is still writing the sentence', async () => {
    const t = track(new LocalTTS());
    await t.prewarm();
    // The session hands LLM text to stream() only when the TTS says it streams.
    expect(t.capabilities.streaming).toBe(true);
    const holdMs = 2000;
    try {
      const stream = t.stream();
      const t0 = performance.now();
      let restPushedAt = Number.POSITIVE_INFINITY;
      void (async () => {
        for (const p of ['Well', ',', ' the capital']) stream.pushText(p);
        await new Promise((r) => setTimeout(r, holdMs));
        restPushedAt = performance.now() - t0;
        stream.pushText(' of France is Paris.');
        stream.endInput();
      })();
      const { first, frames } = await firstAudio(stream, t0);
      console.log(`[clause-first] first audio ${Math.round(first)} ms; rest of the sentence pushed at ${Math.round(restPushedAt)} ms`);
      expect(first).toBeGreaterThan(0);
      expect(first).toBeLessThan(restPushedAt);
      expect(frames).toBeGreaterThan(50);
    } finally {
      await t.close();
    }
  });
});

describe('fallback', () => {
  const festivalOk = available('festival');
  const fliteOk = available('flite');

  it.skipIf(!fliteOk)('uses flite when the festival binary is missing', async () => {
    const t = track(new LocalTTS({ festival: { binary: '/nonexistent/festival' } }));
    try {
      expect(t.engines[0]?.name).toBe('flite');
      expect(t.availability.find((a) => a.engine === 'festival')?.available).toBe(false);
      expect(t.sampleRate).toBe(16000);
      const { frames } = await collect(t.synthesize('Falling back to flite works.'));
      expect(rms(concatFrames(frames))).toBeGreaterThan(500);
    } finally {
      await t.close();
    }
  });

  it.skipIf(!festivalOk || !fliteOk)('falls back per sentence when festival fails at runtime, then recovers', async () => {
    const t = track(new LocalTTS());
    await t.prewarm();
    const festival = t.engines[0];
    try {
      expect(festival).toBeInstanceOf(FestivalEngine);
      const fe = festival as FestivalEngine;
      const pid = fe.serverPid;
      expect(pid).toBeGreaterThan(0);
      process.kill(pid ?? 0, 'SIGKILL'); // festival dies under us
      await new Promise((r) => setTimeout(r, 100));
      const r1 = await collect(t.synthesize('This sentence must still be spoken.'));
      expect(r1.frames.length).toBeGreaterThan(0);
      expect(r1.frames[0]?.sampleRate).toBe(32000); // flite resampled to the instance rate
      expect(rms(concatFrames(r1.frames))).toBeGreaterThan(500);
      // The server is restarted in the background and used again.
      const deadline = Date.now() + 20_000;
      while (fe.serverPid === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(fe.serverPid).toBeGreaterThan(0);
      expect(fe.serverPid).not.toBe(pid);
      const r2 = await collect(t.synthesize('And festival is back.'));
      expect(rms(concatFrames(r2.frames))).toBeGreaterThan(500);
    } finally {
      await t.close();
    }
  }, 60_000);
});

describe.skipIf(!available('festival'))('festival robustness', () => {
  let t: LocalTTS;
  let fe: FestivalEngine;
  beforeAll(async () => {
    t = track(new LocalTTS({ engine: 'festival', fallback: false }));
    await t.prewarm();
    fe = t.engines[0] as FestivalEngine;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('survives hostile text without crashing or evaluating it', async () => {
    const canary = join(tmpdir(), `parley-tts-canary-${process.pid}`);
    const pid = fe.serverPid;
    const hostile = [
      'He said "hello" and left.',
      '")) (quit) ("',
      `") (system "touch ${canary}") ("`,
      '\\") (quit) (\\"',
      'Back\\slash \\\\ and trailing backslash \\',
      '(((((((unbalanced parens; semicolons; ;; comments',
      "'quoted 'symbols `backtick ,comma #t #f",
      'Unicode: caf\u00e9, na\u00efve, \u201csmart quotes\u201d, \u2014 dash, \u{1F600} emoji, \u4e2d\u6587 text.',
      '\u0000\u0007\u001b[31m control \r\n characters',
      '%s %d %x format strings',
    ];
    for (const text of hostile) {
      const { frames } = await collect(t.synthesize(text));
      expect(frames.length, text).toBeGreaterThan(0);
    }
    expect(existsSync(canary)).toBe(false);
    expect(fe.serverPid).toBe(pid); // never restarted: no crash, no (quit)
  }, 60_000);

  it('caps very long input and can be cut off', async () => {
    const long = `${'Ignore this ") (quit) (" text; it is long (really) \\ long. '.repeat(400)}`;
    expect(long.length).toBeGreaterThan(20000);
    const stream = t.synthesize(long);
    let samples = 0;
    for await (const ev of stream) {
      samples += ev.frame.samplesPerChannel;
      if (samples > t.sampleRate * 3) break;
    }
    stream.close();
    expect(samples).toBeGreaterThan(t.sampleRate * 3);
    const { frames } = await collect(t.synthesize('Still working.'));
    expect(frames.length).toBeGreaterThan(0);
  }, 60_000);

  it('stops promptly when aborted mid-synthesis and stays healthy', async () => {
    const pid = fe.serverPid;
    const long =
      'This is one very long sentence without any full stop in it, that goes on and on about the weather and the sea and the mountains, ' +
      'about the people who live near them and the small boats they use for fishing in the early morning, and about the markets where the fish are sold ' +
      'to the cooks of the town who prepare them';
    const ac = new AbortController();
    const stream = t.synthesize(long, undefined, ac.signal);
    const t0 = performance.now();
    let abortedAt = Number.POSITIVE_INFINITY;
    setTimeout(() => {
      abortedAt = performance.now();
      ac.abort();
    }, 150);
    let frames = 0;
    let framesAfterAbort = 0;
    // Festival may already have produced audio by then (a fast machine): what matters is that
    // nothing comes after the abort and that the stream ends instead of playing the sentence out.
    for await (const _ of stream) {
      frames++;
      if (performance.now() > abortedAt + 20) framesAfterAbort++;
    }
    const stoppedMs = performance.now() - t0;
    console.log(`[abort] festival: stream ended ${Math.round(stoppedMs)} ms after start (abort at 150 ms), ${frames} frames, ${framesAfterAbort} after the abort`);
    expect(framesAfterAbort).toBe(0);
    expect(Number.isFinite(abortedAt)).toBe(true);
    // The worker that was synthesizing has been killed (no busy child left behind).
    await new Promise((r) => setTimeout(r, 100));
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'ascii').trim().split(/\s+/).filter(Boolean);
    for (const c of children) {
      const stat = readFileSync(`/proc/${c}/stat`, 'ascii');
      expect(stat.split(') ')[1]?.[0], `child ${c} still running`).not.toBe('R');
    }
    const { frames: after } = await collect(t.synthesize('Sure.'));
    expect(after.length).toBeGreaterThan(0);
    expect(fe.serverPid).toBe(pid);
  }, 30_000);
});

afterAll(() => {
  expect(ttsErrors).toEqual([]);
  if (Object.keys(ttfaReport).length) console.log('[ttfa summary]', JSON.stringify(ttfaReport));
});
