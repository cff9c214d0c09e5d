import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { PcmAudio } from '@parley/audio';

export type EngineName = 'piper' | 'festival' | 'flite' | 'espeak-ng';

export interface SynthesizeOptions {
  signal: AbortSignal;
  /** Whether the caller has another engine to fall back to (an engine may then fail fast). */
  hasFallback: boolean;
}

/** One local speech engine, synthesizing one sentence-sized chunk at a time. */
export interface SpeechEngine {
  readonly name: EngineName;
  /** The rate this engine is known to produce; actual audio carries its own rate. */
  readonly nativeSampleRate: number;
  /** Engine-specific text preparation; returns '' when nothing speakable is left. */
  prepareText(text: string): string;
  synthesize(text: string, opts: SynthesizeOptions): Promise<PcmAudio>;
  /** Starts whatever is long-lived and runs one tiny synthesis. */
  warmup(): Promise<void>;
  close(): Promise<void>;
}

/** Thrown when synthesis was cancelled through its AbortSignal. */
export class SynthesisAbortedError extends Error {
  constructor() {
    super('synthesis aborted');
    this.name = 'SynthesisAbortedError';
  }
}

/** Thrown when an engine could not synthesize a chunk (callers fall back to the next engine). */
export class EngineError extends Error {
  constructor(
    readonly engine: EngineName,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${engine}: ${message}`, options);
    this.name = 'EngineError';
  }
}

/** Resolves an executable: an explicit path is checked as-is, a bare name is looked up on PATH. */
export function findExecutable(nameOrPath: string): string | undefined {
  const isExec = (p: string): boolean => {
    try {
      accessSync(p, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (nameOrPath.includes('/')) {
    return isExec(nameOrPath) ? nameOrPath : undefined;
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, nameOrPath);
    if (isExec(candidate)) return candidate;
  }
  return undefined;
}
