import { SynthesisAbortedError } from '../engine.js';

/** Abortable FIFO mutex. */
export class FifoLock {
  #locked = false;
  #waiters: Array<() => void> = [];

  acquire(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(new SynthesisAbortedError());
    if (!this.#locked) {
      this.#locked = true;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const grant = (): void => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        const idx = this.#waiters.indexOf(grant);
        if (idx >= 0) this.#waiters.splice(idx, 1);
        reject(new SynthesisAbortedError());
      };
      this.#waiters.push(grant);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  release(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#locked = false;
  }
}
