export interface PollOptions {
  /** Pause between two checks (ms). */
  intervalMs?: number;
  /**
   * Keep polling when the check throws (a server that is not up yet); the last error is named in
   * the timeout message. Off: the error ends the wait at once.
   */
  retryOnError?: boolean;
  /** What was last seen, for the timeout message (a transcript, a page's text). */
  lastSeen?: () => Promise<string> | string;
}

/**
 * Calls `check` until it gives something other than `undefined` and resolves with it; throws
 * after `timeoutMs`, naming `what`. The check runs once more at the deadline, so a value that
 * arrives just in time counts.
 */
export async function poll<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs: number, options: PollOptions = {}): Promise<T> {
  const { intervalMs = 250, retryOnError = true, lastSeen } = options;
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    let value: T | undefined;
    try {
      value = await check();
    } catch (error) {
      if (!retryOnError) throw error;
      last = error;
    }
    if (value !== undefined) return value;
    if (Date.now() >= deadline) {
      const seen = lastSeen ? await Promise.resolve(lastSeen()).catch(() => '') : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}${seen ? `; last seen: ${seen}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Waits for a synchronous condition on state that events fill in (frames, transcripts, metrics):
 * resolves with the first truthy value `check` gives. Short intervals, since the caller usually
 * times what it waits for by the event's own timestamp, not by when the wait noticed it.
 */
export function waitFor<T>(what: string, check: () => T | undefined | null | false, timeoutMs: number, intervalMs = 20): Promise<T> {
  return poll<T>(what, () => check() || undefined, timeoutMs, { intervalMs, retryOnError: false });
}

/**
 * Resolves or rejects as `work` does, or rejects after `timeoutMs` naming `what`: for SDK calls
 * that wait on a native callback with no deadline of their own (a room's connect or disconnect
 * while its server is dead), so a stuck call fails its test instead of hanging the whole file.
 */
export async function within<T>(what: string, work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
