/**
 * The worker's load as LiveKit sees it: the share of its conversation slots in use.
 *
 * The framework's default is the machine's CPU load, refused above 70 %. On a small machine a
 * job process warming its engines pushes the CPU past that for a few seconds, and LiveKit drops
 * a dispatch that arrives then for good: the user's room never gets an agent. Counting
 * conversations gives a stable, predictable capacity; how many fit is measured by the benchmark.
 */
export interface WorkerWithJobs {
  readonly activeJobs: readonly unknown[];
}

export function conversationLoad(maxConversations: number): (worker: WorkerWithJobs) => Promise<number> {
  if (!Number.isInteger(maxConversations) || maxConversations < 1) throw new RangeError('maxConversations must be a positive integer');
  return async (worker) => Math.min(1, worker.activeJobs.length / maxConversations);
}

/** The worker is full when every slot is taken (load 1). */
export const FULL_LOAD = 1;

/** The worker's status as the framework reports it to LiveKit (livekit.WorkerStatus). */
export type WorkerAvailability = 'available' | 'full';

/**
 * The framework reports the worker's load every 2.5 s. For that long after a conversation ends,
 * LiveKit still counts the slot as taken and drops a dispatch that arrives (self-hosted LiveKit has
 * no queue), so a person joining right after someone left gets no agent. This sends the new
 * availability as soon as the number of conversations changes.
 */
export class CapacityAnnouncer {
  #lastJobs = -1;
  #stopped = false;

  constructor(
    private readonly maxConversations: number,
    private readonly send: (load: number, availability: WorkerAvailability) => void,
  ) {}

  /** A draining worker must stay full to LiveKit: from here on only the framework reports. */
  stop(): void {
    this.#stopped = true;
  }

  observe(worker: WorkerWithJobs): void {
    if (this.#stopped) return;
    const jobs = worker.activeJobs.length;
    if (jobs === this.#lastJobs) return;
    const first = this.#lastJobs === -1;
    this.#lastJobs = jobs;
    // The framework's own first report covers the start.
    if (first) return;
    const load = Math.min(1, jobs / this.maxConversations);
    this.send(load, load >= FULL_LOAD ? 'full' : 'available');
  }
}
