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
