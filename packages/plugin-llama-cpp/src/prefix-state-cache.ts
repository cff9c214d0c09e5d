import { createHash } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Where a primed prompt prefix's KV cache is kept on disk, so each job process loads it (tens of
 * milliseconds) instead of evaluating it again (seconds of both cores for a 1.5B model on a CPU).
 * A file belongs to one model file (path, size and modification time), one llama.cpp build and
 * one prefix text: llama.cpp can crash on a state made by another model, so nothing else may
 * share a name.
 */
export class PrefixStateCache {
  readonly #dir: string;
  readonly #modelPath: string;
  readonly #runtime: string;

  /** `runtime` names the llama.cpp build (e.g. node-llama-cpp's version): state files are not portable across builds. */
  constructor(dir: string, modelPath: string, runtime: string) {
    this.#dir = dir;
    this.#modelPath = modelPath;
    this.#runtime = runtime;
  }

  async fileFor(prefix: string): Promise<string> {
    const model = await stat(this.#modelPath);
    const key = createHash('sha256')
      .update(JSON.stringify({ model: path.resolve(this.#modelPath), size: model.size, mtimeMs: model.mtimeMs, runtime: this.#runtime, prefix }))
      .digest('hex')
      .slice(0, 32);
    await mkdir(this.#dir, { recursive: true });
    return path.join(this.#dir, `${key}.kv`);
  }
}
