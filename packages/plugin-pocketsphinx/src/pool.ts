import { type PsFinalResult, type PsPartial, PsProcess, type PsProcessOptions } from './process.js';

/**
 * A small set of long-lived recognizer processes. Streams and `recognize()` calls lease one
 * process per utterance; processes stay alive (model loaded) between utterances.
 */
export class PsPool {
  readonly #opts: PsProcessOptions;
  readonly #max: number;
  readonly #procs: PsProcess[] = [];
  readonly #leased = new Set<PsProcess>();
  #waiters: Array<{ resolve: (p: PsProcess) => void; reject: (e: Error) => void }> = [];
  #closed = false;

  constructor(opts: PsProcessOptions, maxProcesses: number) {
    this.#opts = opts;
    this.#max = Math.max(1, Math.floor(maxProcesses));
  }

  /** Processes created so far (for diagnostics and tests). */
  get processes(): readonly PsProcess[] {
    return this.#procs;
  }

  /** Starts one recognizer ahead of the first utterance and waits for its model to load. */
  async prewarm(): Promise<void> {
    if (this.#closed) throw new Error('PocketSphinx pool is closed');
    const proc = this.#procs[0] ?? this.#create();
    await proc.start();
  }

  #create(): PsProcess {
    const p = new PsProcess(this.#opts);
    this.#procs.push(p);
    return p;
  }

  acquire(): Promise<PsProcess> {
    if (this.#closed) return Promise.reject(new Error('PocketSphinx pool is closed'));
    const free = this.#procs.filter((p) => !this.#leased.has(p));
    const pick = free.find((p) => p.isRunning) ?? free[0] ?? (this.#procs.length < this.#max ? this.#create() : undefined);
    if (pick) {
      this.#leased.add(pick);
      return Promise.resolve(pick);
    }
    return new Promise<PsProcess>((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  release(proc: PsProcess): void {
    if (!this.#leased.has(proc)) return;
    if (proc.busy) proc.cancel();
    const next = this.#waiters.shift();
    if (next && !this.#closed) {
      next.resolve(proc);
      return;
    }
    this.#leased.delete(proc);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w.reject(new Error('PocketSphinx pool is closed'));
    await Promise.all(this.#procs.map((p) => p.close()));
  }
}

/**
 * One utterance against the pool. Audio can be pushed immediately (synchronously); it is held
 * until a recognizer process is leased, then streamed as it arrives.
 */
export class PsUtterance {
  readonly #pool: PsPool;
  #proc?: PsProcess;
  #pending: Int16Array[] = [];
  #done = false;
  #released = false;
  readonly #acquired: Promise<PsProcess | undefined>;
  /** 16 kHz samples pushed so far. */
  samples = 0;

  constructor(pool: PsPool, onPartial: (p: PsPartial) => void) {
    this.#pool = pool;
    this.#acquired = pool.acquire().then(
      (proc) => {
        if (this.#done) {
          pool.release(proc);
          return undefined;
        }
        proc.begin(onPartial);
        for (const c of this.#pending) proc.push(c);
        this.#pending = [];
        this.#proc = proc;
        return proc;
      },
      () => undefined,
    );
  }

  push(pcm: Int16Array): void {
    if (this.#done || pcm.length === 0) return;
    this.samples += pcm.length;
    if (this.#proc) this.#proc.push(pcm);
    else this.#pending.push(pcm);
  }

  /** Ends the utterance and returns the final hypothesis; the process is released afterwards. */
  async finish(): Promise<PsFinalResult> {
    const proc = await this.#acquired;
    if (!proc) throw new Error(this.#done ? 'utterance cancelled' : 'no PocketSphinx recognizer available');
    if (this.#done) throw new Error('utterance cancelled');
    try {
      return await proc.finish();
    } finally {
      this.#done = true;
      this.#releaseOnce(proc);
    }
  }

  #releaseOnce(proc: PsProcess): void {
    if (this.#released) return;
    this.#released = true;
    this.#proc = undefined;
    this.#pool.release(proc);
  }

  cancel(): void {
    if (this.#done) return;
    this.#done = true;
    this.#pending = [];
    const proc = this.#proc;
    if (proc) this.#releaseOnce(proc);
  }
}
