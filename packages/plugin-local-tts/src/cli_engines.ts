import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseWav, type PcmAudio } from '@parley/audio';
import { EngineError, SynthesisAbortedError, type EngineName, type SpeechEngine, type SynthesizeOptions } from './engine.js';
import { foldToAscii } from './text.js';

interface RunSpec {
  engine: EngineName;
  binary: string;
  args: string[];
  stdin?: string;
  /** Read the WAV from this file after exit instead of from stdout. */
  outFile?: string;
  timeoutMs: number;
  signal: AbortSignal;
}

/** Runs a one-shot synthesizer that writes a WAV file to stdout; kills it on abort/timeout. */
function runToWav(spec: RunSpec): Promise<PcmAudio> {
  return new Promise((resolve, reject) => {
    if (spec.signal.aborted) {
      reject(new SynthesisAbortedError());
      return;
    }
    const child = spawn(spec.binary, spec.args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      spec.signal.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = (): void => {
      child.kill('SIGKILL');
      finish(() => reject(new SynthesisAbortedError()));
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(() => reject(new EngineError(spec.engine, `timed out after ${spec.timeoutMs} ms`)));
    }, spec.timeoutMs);
    spec.signal.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => {
      if (err.length < 2000) err += d.toString();
    });
    child.on('error', (e) => finish(() => reject(new EngineError(spec.engine, `failed to run ${spec.binary}: ${e.message}`, { cause: e }))));
    child.stdin.on('error', () => undefined); // EPIPE if the engine exits early; reported via exit code
    child.on('close', (code, sig) => {
      finish(() => {
        if (code !== 0) {
          reject(new EngineError(spec.engine, `exited with ${sig ?? code}: ${err.trim().slice(0, 300)}`));
          return;
        }
        try {
          resolve(parseWav(spec.outFile ? readFileSync(spec.outFile) : Buffer.concat(out), { downmix: true }));
        } catch (e) {
          reject(new EngineError(spec.engine, `bad audio output: ${(e as Error).message}`, { cause: e }));
        }
      });
    });
    child.stdin.end(spec.stdin ?? '');
  });
}

export interface FliteOptions {
  /** flite executable (name on PATH or path). Default 'flite'. */
  binary?: string;
  /** Built-in flite voice or a .flitevox path. Default 'slt'. */
  voice?: string;
}

export class FliteEngine implements SpeechEngine {
  readonly name = 'flite' as const;
  readonly nativeSampleRate = 16000;
  readonly #binary: string;
  readonly #voice: string;
  readonly #timeoutMs: number;
  #dir: string | undefined;
  #seq = 0;

  constructor(binary: string, opts: FliteOptions, timeoutMs: number) {
    this.#binary = binary;
    this.#voice = opts.voice ?? 'slt';
    this.#timeoutMs = timeoutMs;
  }

  prepareText(text: string): string {
    return foldToAscii(text);
  }

  async synthesize(text: string, opts: SynthesizeOptions): Promise<PcmAudio> {
    // flite cannot write to Node's stdout (a socketpair, not a pipe; /dev/stdout fails to open
    // and flite still exits 0), so it writes a private temp file. Text goes as the argument
    // of -t (never parsed as an option); no shell is involved.
    this.#dir ??= mkdtempSync(join(tmpdir(), 'parley-flite-'));
    const outFile = join(this.#dir, `${process.pid}-${++this.#seq}.wav`);
    try {
      return await runToWav({
        engine: this.name,
        binary: this.#binary,
        args: ['-voice', this.#voice, '-o', outFile, '-t', text],
        outFile,
        timeoutMs: this.#timeoutMs,
        signal: opts.signal,
      });
    } finally {
      rmSync(outFile, { force: true });
    }
  }

  async warmup(): Promise<void> {
    await this.synthesize('Hi.', { signal: new AbortController().signal, hasFallback: false });
  }

  async close(): Promise<void> {
    if (this.#dir) rmSync(this.#dir, { recursive: true, force: true });
    this.#dir = undefined;
  }
}

export interface EspeakNgOptions {
  /** espeak-ng executable (name on PATH or path). Default 'espeak-ng'. */
  binary?: string;
  /** espeak-ng voice. Default 'en-us'. */
  voice?: string;
  /** Speaking rate in words per minute (espeak-ng -s). Default: espeak-ng's own (175). */
  wordsPerMinute?: number;
}

export class EspeakNgEngine implements SpeechEngine {
  readonly name = 'espeak-ng' as const;
  readonly nativeSampleRate = 22050;
  readonly #binary: string;
  readonly #args: string[];
  readonly #timeoutMs: number;

  constructor(binary: string, opts: EspeakNgOptions, timeoutMs: number) {
    this.#binary = binary;
    this.#timeoutMs = timeoutMs;
    this.#args = ['--stdout', '-v', opts.voice ?? 'en-us'];
    if (opts.wordsPerMinute !== undefined) this.#args.push('-s', String(Math.round(opts.wordsPerMinute)));
  }

  prepareText(text: string): string {
    // espeak-ng reads UTF-8 and speaks many languages; just require something speakable.
    return /[\p{L}\p{N}]/u.test(text) ? text : '';
  }

  synthesize(text: string, opts: SynthesizeOptions): Promise<PcmAudio> {
    // Text via stdin (plain text mode, no SSML), so it can never be taken for an option.
    return runToWav({
      engine: this.name,
      binary: this.#binary,
      args: this.#args,
      stdin: text,
      timeoutMs: this.#timeoutMs,
      signal: opts.signal,
    });
  }

  async warmup(): Promise<void> {
    await this.synthesize('Hi.', { signal: new AbortController().signal, hasFallback: false });
  }

  async close(): Promise<void> {}
}
