import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inference, initializeLogger, stt } from '@livekit/agents';
import { AudioFrame } from '@livekit/rtc-node';
import { concatPcm } from '@parley/audio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PocketSphinxSetupError } from './paths.js';
import { PocketSphinxSTT } from './stt.js';

const here = dirname(fileURLToPath(import.meta.url));
const RATE = 48000;
const FRAME = RATE / 100; // 10 ms frames, like WebRTC

let work: string;
let binaryPath: string;

/** Synthesizes `text` with festival's HTS voice and returns 48 kHz mono PCM. */
function speak(text: string, name: string): Int16Array {
  const txt = join(work, `${name}.txt`);
  const wav = join(work, `${name}.wav`);
  const raw = join(work, `${name}.raw`);
  execFileSync('bash', ['-c', `printf '%s' "$1" > "$2"`, '_', text, txt]);
  execFileSync('text2wave', ['-eval', '(voice_cmu_us_slt_arctic_hts)', txt, '-o', wav], { stdio: 'ignore' });
  execFileSync('sox', [wav, '-r', String(RATE), '-c', '1', '-b', '16', '-e', 'signed-integer', '-t', 'raw', raw]);
  const buf = readFileSync(raw);
  return new Int16Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
}

function silence(ms: number): Int16Array {
  return new Int16Array(Math.round((RATE * ms) / 1000));
}

function frames(pcm: Int16Array, rate = RATE): AudioFrame[] {
  const n = rate / 100;
  const out: AudioFrame[] = [];
  for (let i = 0; i < pcm.length; i += n) {
    const d = pcm.slice(i, i + n);
    out.push(new AudioFrame(d, rate, 1, d.length));
  }
  return out;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Pushes frames paced at `speed` x real time (Infinity = as fast as possible). */
async function feed(stream: stt.SpeechStream, pcm: Int16Array, speed = 1): Promise<void> {
  const t0 = performance.now();
  let i = 0;
  for (const f of frames(pcm)) {
    stream.pushFrame(f);
    i += 1;
    if (Number.isFinite(speed)) {
      const due = t0 + (i * 10) / speed;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
    } else if (i % 50 === 0) {
      await sleep(0);
    }
  }
}

interface Timed {
  ev: stt.SpeechEvent;
  at: number;
}

function collect(stream: stt.SpeechStream): { events: Timed[]; done: Promise<void> } {
  const events: Timed[] = [];
  const done = (async () => {
    for await (const ev of stream) events.push({ ev, at: Date.now() });
  })();
  return { events, done };
}

const T = stt.SpeechEventType;
const texts = (events: Timed[], type: stt.SpeechEventType) =>
  events.filter((e) => e.ev.type === type).map((e) => e.ev.alternatives?.[0]?.text ?? '');

let vad: inference.VAD;
let psStt: PocketSphinxSTT;
let weather: Int16Array;
let lights: Int16Array;
let timer: Int16Array;

beforeAll(() => {
  initializeLogger({ pretty: false, level: 'warn' });
  work = mkdtempSync(join(tmpdir(), 'parley-ps-test-'));
  // The build setup made in this checkout's state folder, else a private copy for the test run.
  binaryPath = join(here, '..', '..', '..', '.parley', 'bin', 'parley-ps-stream');
  if (!existsSync(binaryPath)) {
    binaryPath = join(work, 'parley-ps-stream');
    execFileSync(join(here, '..', 'native', 'build.sh'), [binaryPath], { stdio: 'ignore' });
  }
  vad = new inference.VAD();
  psStt = new PocketSphinxSTT({ vad, binaryPath });
  weather = speak('What is the weather like today?', 'weather');
  lights = speak('Please turn on the lights in the kitchen.', 'lights');
  timer = speak('Set a timer for ten minutes.', 'timer');
}, 120_000);

afterAll(async () => {
  await psStt?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('PocketSphinxSTT', () => {
  it('reports a clear setup error when the binary is missing', () => {
    expect(() => new PocketSphinxSTT({ binaryPath: join(work, 'nope') })).toThrowError(PocketSphinxSetupError);
    expect(() => new PocketSphinxSTT({ binaryPath: join(work, 'nope') })).toThrowError(/build\.sh/);
    expect(() => new PocketSphinxSTT({ binaryPath, model: { lm: '/nonexistent.lm.bin' } })).toThrowError(
      /pocketsphinx-en-us/,
    );
  });

  it('prewarms a long-lived recognizer', async () => {
    const t0 = performance.now();
    await psStt.prewarm();
    const proc = psStt._pool.processes[0];
    expect(proc?.isRunning).toBe(true);
    console.log(`prewarm: model load ${proc?.lastLoadMs} ms (wall ${(performance.now() - t0).toFixed(0)} ms)`);
  });

  it('streams: interim results, then finals with the key words, over one process', async () => {
    const stream = psStt.stream();
    const { events, done } = collect(stream);
    const audio = concatPcm([silence(600), weather, silence(1200), lights, silence(1200), timer, silence(1200)]);
    await feed(stream, audio, 1);
    await sleep(300);
    stream.endInput();
    await done;

    const finals = texts(events, T.FINAL_TRANSCRIPT);
    console.log('finals:', finals);
    expect(finals.length).toBe(3);
    expect(finals[0]).toMatch(/weather/);
    expect(finals[0]).toMatch(/today/);
    expect(finals[1]).toMatch(/lights/);
    expect(finals[1]).toMatch(/kitchen/);
    expect(finals[2]).toMatch(/timer/);
    expect(finals[2]).toMatch(/minutes/);

    // Event order per utterance: START, INTERIM..., FINAL, END.
    const types = events.map((e) => e.ev.type).filter((t) => t !== T.RECOGNITION_USAGE);
    const firstFinal = types.indexOf(T.FINAL_TRANSCRIPT);
    expect(types[0]).toBe(T.START_OF_SPEECH);
    expect(types.slice(0, firstFinal)).toContain(T.INTERIM_TRANSCRIPT);
    expect(types[firstFinal + 1]).toBe(T.END_OF_SPEECH);
    expect(types.filter((t) => t === T.START_OF_SPEECH).length).toBe(3);
    expect(types.filter((t) => t === T.END_OF_SPEECH).length).toBe(3);

    // Timing fields are sane and monotonic.
    const finalEvents = events.filter((e) => e.ev.type === T.FINAL_TRANSCRIPT);
    let prevEnd = 0;
    for (const f of finalEvents) {
      const a = f.ev.alternatives?.[0];
      expect(a?.language).toBe('en');
      expect(a && a.endTime > a.startTime).toBe(true);
      expect(a && a.startTime >= prevEnd).toBe(true);
      expect(a && a.confidence >= 0 && a.confidence <= 1).toBe(true);
      prevEnd = a?.endTime ?? 0;
    }
    // all three utterances were decoded by the same long-lived process
    expect(psStt._pool.processes.length).toBe(1);
    expect(psStt._pool.processes[0]?.spawnCount).toBe(1);

    // Latency report.
    for (const f of finalEvents) {
      const m = f.ev.alternatives?.[0]?.metadata ?? {};
      const sinceSpeechEnd = f.at - (f.ev.speechEndTime ?? f.at);
      console.log(
        `utterance "${f.ev.alternatives?.[0]?.text}": audio ${Number(m.audioMs).toFixed(0)} ms, ` +
          `finalize (in recognizer) ${Number(m.decodeMs).toFixed(1)} ms, finalize wall ${Number(m.finalizeWallMs).toFixed(1)} ms, ` +
          `RTF ${Number(m.realTimeFactor).toFixed(3)}, final emitted ${sinceSpeechEnd} ms after VAD speech end (incl. VAD silence window)`,
      );
    }
  }, 60_000);

  it('recognize() (non-streaming) and StreamAdapter work through the same processes', async () => {
    const ev = await psStt.recognize(frames(concatPcm([silence(300), weather, silence(300)])));
    expect(ev.type).toBe(T.FINAL_TRANSCRIPT);
    expect(ev.alternatives?.[0]?.text).toMatch(/weather/);

    // 24 kHz stereo input is downmixed/resampled too.
    const stereo24k: AudioFrame[] = [];
    const mono = concatPcm([silence(200), timer, silence(200)]);
    const half = new Int16Array(mono.length / 2);
    for (let i = 0; i < half.length; i++) half[i] = mono[i * 2] ?? 0;
    for (let i = 0; i < half.length; i += 240) {
      const n = Math.min(240, half.length - i);
      const d = new Int16Array(n * 2);
      for (let j = 0; j < n; j++) {
        d[2 * j] = half[i + j] ?? 0;
        d[2 * j + 1] = half[i + j] ?? 0;
      }
      stereo24k.push(new AudioFrame(d, 24000, 2, n));
    }
    const ev2 = await psStt.recognize(stereo24k);
    expect(ev2.alternatives?.[0]?.text).toMatch(/timer/);

    const adapter = new stt.StreamAdapter(psStt, vad);
    const s = adapter.stream();
    const { events, done } = collect(s);
    await feed(s, concatPcm([silence(400), lights, silence(1000)]), Infinity);
    await sleep(1500);
    s.close();
    await done;
    expect(texts(events, T.FINAL_TRANSCRIPT).join(' ')).toMatch(/kitchen/);
  }, 60_000);

  it('silence, white noise and heavily clipped audio never crash', async () => {
    let seed = 12345;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const noise = new Int16Array(RATE * 2);
    for (let i = 0; i < noise.length; i++) noise[i] = Math.round((rnd() * 2 - 1) * 20000);
    const clipped = weather.map((s) => Math.max(-32768, Math.min(32767, s * 40)));
    const fullScale = new Int16Array(RATE).map((_, i) => (i % 2 ? 32767 : -32768));

    // non-streaming straight into the recognizer
    for (const pcm of [silence(1000), noise, clipped, fullScale, new Int16Array(0)]) {
      const ev = await psStt.recognize(frames(pcm));
      expect(ev.type).toBe(T.FINAL_TRANSCRIPT);
    }

    // streaming
    const stream = psStt.stream();
    const { events, done } = collect(stream);
    await feed(stream, concatPcm([silence(1000), noise, silence(800), clipped, silence(800), fullScale, silence(800)]), 4);
    // The same stream must still understand ordinary speech after all that.
    await feed(stream, concatPcm([silence(1500), weather, silence(1500)]), 2);
    await sleep(500);
    stream.endInput();
    await done;
    for (const f of events.filter((e) => e.ev.type === T.FINAL_TRANSCRIPT)) {
      expect(f.ev.alternatives?.[0]?.text.length).toBeGreaterThan(0); // no empty finals
    }
    console.log('noise/clipped finals:', texts(events, T.FINAL_TRANSCRIPT));
    expect(texts(events, T.FINAL_TRANSCRIPT).at(-1)).toMatch(/weather/);
    // the recognizer is still healthy afterwards
    const ev = await psStt.recognize(frames(concatPcm([silence(200), lights, silence(200)])));
    expect(ev.alternatives?.[0]?.text).toMatch(/lights/);
  }, 60_000);

  it('restarts the recognizer after a crash mid-utterance and keeps the stream working', async () => {
    const stream = psStt.stream();
    const { events, done } = collect(stream);
    const proc = psStt._pool.processes[0];
    expect(proc).toBeDefined();
    const crashesBefore = proc?.crashCount ?? 0;
    let killed = false;
    const watcher = (async () => {
      while (!killed) {
        if (events.some((e) => e.ev.type === T.INTERIM_TRANSCRIPT)) {
          proc?.killForTest();
          killed = true;
        }
        await sleep(5);
      }
    })();
    await feed(stream, concatPcm([silence(500), weather, silence(1000)]), 2);
    await watcher;
    await feed(stream, concatPcm([lights, silence(1000)]), 2);
    await sleep(500);
    stream.endInput();
    await done;
    expect(proc?.crashCount).toBe(crashesBefore + 1);
    const finals = texts(events, T.FINAL_TRANSCRIPT);
    console.log('finals across crash:', finals);
    expect(finals.join(' ')).toMatch(/weather/); // in-flight utterance was replayed
    expect(finals.join(' ')).toMatch(/kitchen/); // next utterance on the restarted process
  }, 60_000);

  it('finalization latency and real-time factor over several utterances', async () => {
    const fast = new PocketSphinxSTT({ vad, binaryPath, fastFinalize: true });
    const rows: string[] = [];
    for (const [name, impl] of [
      ['default', psStt],
      ['fastFinalize', fast],
    ] as const) {
      await impl.prewarm();
      const decode: number[] = [];
      const wall: number[] = [];
      const rtf: number[] = [];
      for (const pcm of [weather, lights, timer, weather, lights, timer]) {
        const ev = await impl.recognize(frames(pcm));
        const m = ev.alternatives?.[0]?.metadata ?? {};
        decode.push(Number(m.decodeMs));
        wall.push(Number(m.finalizeWallMs));
        rtf.push(Number(m.realTimeFactor));
      }
      const avg = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
      rows.push(
        `${name}: finalize in-recognizer avg ${avg(decode).toFixed(1)} ms (max ${Math.max(...decode).toFixed(1)}), ` +
          `RTF avg ${avg(rtf).toFixed(3)}; recognize() wall after end incl. backlog avg ${avg(wall).toFixed(0)} ms`,
      );
      expect(avg(decode)).toBeLessThan(500);
    }
    await fast.close();
    console.log(rows.join('\n'));
  }, 60_000);

  it('close() kills the recognizer processes', async () => {
    const own = new PocketSphinxSTT({ vad, binaryPath });
    await own.prewarm();
    const pid = own._pool.processes[0]?.pid;
    expect(pid).toBeGreaterThan(0);
    await own.close();
    expect(() => process.kill(pid ?? 0, 0)).toThrow();
  });
});
