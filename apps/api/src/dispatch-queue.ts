import { randomUUID } from 'node:crypto';
import { END_REASON_QUEUE_TIMEOUT, type SessionQueueStatus } from '@parley/protocol';
import type { Config } from './config.js';
import { HttpError } from './errors.js';
import type { SessionDispatcher } from './livekit/dispatch.js';
import { describeError } from './redact.js';
import type { QueueEntry, SessionRecord, Store } from './store/types.js';

/** The log levels the queue uses (a Fastify/pino logger fits). */
export interface QueueLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** What the queue needs from the session service; each runs under the session's room lock. */
export interface QueueSessionOps {
  /** Creates the LiveKit dispatch and records its id; null when the session is no longer active. */
  dispatch(entry: QueueEntry): Promise<string | null>;
  /** Deletes a dispatch that got no agent and clears its id, so the session waits again. */
  withdraw(sessionId: string, dispatchId: string): Promise<void>;
  /** Ends a session that waited too long (or could not wait); false when it had already ended. */
  giveUp(sessionId: string, reason: string): Promise<boolean>;
}

export interface DispatchQueueDeps {
  store: Store;
  dispatcher: SessionDispatcher;
  sessions: QueueSessionOps;
  config: Config['dispatchQueue'];
  maxSessionsPerTenant: number | null;
  /** Whether any agent worker is up (see agents-up.ts). */
  agentsUp: () => Promise<boolean>;
  log: QueueLogger;
  now?: () => number;
}

/** The first dispatch failed and the session was never queued: the caller answers 502. */
export class DispatchFailedError extends Error {
  constructor(
    readonly sessionId: string,
    readonly failure: unknown,
  ) {
    super('could not dispatch the agent');
    this.name = 'DispatchFailedError';
  }
}

/** How often an attempt's dispatch is checked for its agent. */
const CONFIRM_POLL_MS = 250;
/**
 * After an agent leaves, its job process still has to exit before the worker counts the slot free
 * and tells LiveKit (the worker announces a changed count within 0.25 s); a dispatch made before
 * that is dropped, so the queue waits this long after a freed-slot signal.
 */
export const SLOT_SETTLE_MS = 1_500;
/**
 * For this long after a freed-slot signal the queue is "hot": the slot is free or about to be, and
 * a dispatch that finds it shows its agent in 0.3 s here (5 s for a worker's first job), so one with
 * no agent after HOT_CONFIRM_MS was dropped and is tried again at once instead of after `confirmMs`
 * and the retry interval. (The signal, an agent leaving the room, can come seconds before its job
 * process exits and the worker counts the slot free.)
 */
export const HOT_WINDOW_MS = 20_000;
export const HOT_CONFIRM_MS = 4_000;
/**
 * The queue lease outlives an attempt's confirmation window by this much, for a slow store or
 * LiveKit; it is renewed at every confirmation poll, so it lapses only when its holder is gone.
 */
export const LEASE_MARGIN_MS = 5_000;
/** How soon an instance that found the lease held looks again (the holder may be about to finish). */
export const LEASE_RETRY_MS = 1_000;

interface Attempt {
  sessionId: string;
  room: string;
  dispatchId: string;
  startedAt: number;
}

/**
 * Sessions wait here, first come first served, while no agent worker has a free slot.
 *
 * Self-hosted LiveKit has no dispatch queue: a dispatch that finds every worker full is dropped
 * without a word and simply never gets a job. So LiveKit's own answer is the capacity check: the
 * head of the queue is dispatched, and when the dispatch shows no job and no agent within
 * `confirmMs` it is deleted and the session waits again. One attempt runs at a time, which keeps
 * the order and gives the worker time to report its new load before the next dispatch. Attempts
 * are made when a slot may have freed (an agent left, a session ended) and every `retryMs`.
 * The queue lives in the store, so waiting people keep their places across an API restart.
 * Several API instances on one store share it: an instance dispatches only while it holds the
 * store's queue lease, so one attempt runs at a time across all of them, each instance's freed-slot
 * signals still count (a held lease is looked at again within LEASE_RETRY_MS), and the pacing after
 * a dispatch binds every instance.
 */
export class DispatchQueue {
  #attempt: Attempt | null = null;
  /** Serialises steps: only one looks at the head and dispatches it at a time. */
  #step: Promise<unknown> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  #settleTimers = new Set<NodeJS.Timeout>();
  #confirming: Promise<void> | undefined;
  #freedDuringAttempt = false;
  /** No dispatch before this: LiveKit must first hear the worker's load with the last agent in it. */
  #notBefore = 0;
  #paceTimer: NodeJS.Timeout | undefined;
  /** Until when freed-slot signals make attempts short and retries immediate. */
  #hotUntil = 0;
  #leaseTimer: NodeJS.Timeout | undefined;
  /** This API process, as the queue lease's holder. */
  readonly #holder = randomUUID();
  #stopped = false;
  readonly #now: () => number;

  constructor(private readonly deps: DispatchQueueDeps) {
    this.#now = deps.now ?? Date.now;
  }

  /** Refuses a new session when its tenant is at its limit (429) or the queue is full (503). */
  async admit(tenant: string): Promise<void> {
    const { maxSessionsPerTenant, store, config } = this.deps;
    if (maxSessionsPerTenant !== null && (await store.countActiveSessions(tenant)) >= maxSessionsPerTenant) {
      throw new HttpError(429, `you already have ${maxSessionsPerTenant} active conversation${maxSessionsPerTenant === 1 ? '' : 's'}, the most allowed; end one before starting another`);
    }
    const waiting = (await store.listDispatchQueue()).length;
    if (waiting > 0 && waiting >= config.maxLength) {
      throw new HttpError(503, `every agent is busy and ${waiting} ${waiting === 1 ? 'person is' : 'people are'} already waiting; try again in a few minutes`);
    }
  }

  /**
   * Puts a new session (already stored, active) at the back of the queue. Call under the
   * session's room lock, right after storing it, so that ending it cannot race the insert.
   */
  async enqueue(session: SessionRecord): Promise<void> {
    await this.deps.store.enqueueDispatch({ sessionId: session.id, tenant: session.tenant, room: session.room, enqueuedAt: new Date(this.#now()).toISOString() });
  }

  /**
   * Dispatches the head of the queue now when no attempt is running, which is `sessionId` itself
   * when nobody waits ahead of it. Throws DispatchFailedError when that dispatch of `sessionId`
   * fails (LiveKit unreachable); the session is then still active and queued, for the caller to
   * end. Must not be called under the session's room lock (the dispatch takes it).
   */
  async tryNow(sessionId: string): Promise<void> {
    const failure = await this.#runStep();
    if (failure?.sessionId === sessionId) throw new DispatchFailedError(sessionId, failure.error);
  }

  /** Where a session stands in the queue; null when it is not waiting. */
  async status(sessionId: string): Promise<SessionQueueStatus | null> {
    return (await this.statuses()).get(sessionId) ?? null;
  }

  /** Every waiting session's place. */
  async statuses(): Promise<Map<string, SessionQueueStatus>> {
    const entries = await this.deps.store.listDispatchQueue();
    const agentsUp = entries.length === 0 ? true : await this.deps.agentsUp();
    const now = this.#now();
    // Whichever instance is confirming a dispatch, the page shows it as under way.
    const lease = entries.length === 0 ? null : await this.deps.store.getQueueLease();
    const dispatching = this.#attempt?.sessionId ?? (lease !== null && lease.expiresAtMs > now ? lease.sessionId : null);
    return new Map(
      entries.map((entry, index) => [
        entry.sessionId,
        {
          state: dispatching === entry.sessionId ? 'dispatching' : 'queued',
          position: index + 1,
          length: entries.length,
          enqueuedAt: entry.enqueuedAt,
          waitedMs: Math.max(0, now - Date.parse(entry.enqueuedAt)),
          maxWaitMs: this.deps.config.maxWaitMs,
          agentsUp,
        },
      ]),
    );
  }

  /**
   * A session lost its agent and waits for a replacement at the head of the queue: it is tried at
   * once (its dead job's slot is usually free already), and a doomed try is retried soon.
   */
  replacementQueued(): void {
    if (this.#stopped) return;
    this.#hotUntil = this.#now() + HOT_WINDOW_MS;
    this.kick();
  }

  /** An agent left or a session ended: a slot may be free once the worker has said so. */
  slotFreed(): void {
    if (this.#stopped) return;
    if (this.#attempt !== null) this.#freedDuringAttempt = true;
    this.#hotUntil = this.#now() + HOT_WINDOW_MS;
    const timer = setTimeout(() => {
      this.#settleTimers.delete(timer);
      this.kick();
    }, SLOT_SETTLE_MS);
    timer.unref();
    this.#settleTimers.add(timer);
  }

  /** Tries the head of the queue now (when no attempt is running). */
  kick(): void {
    if (this.#stopped) return;
    void this.#runStep();
  }

  /** Starts the periodic retry (and one try now, for sessions queued before a restart). */
  start(): void {
    this.#stopped = false;
    this.#timer = setInterval(() => this.kick(), this.deps.config.retryMs);
    this.#timer.unref();
    this.kick();
  }

  /** Stops retrying and waits for a running step and confirmation. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    clearTimeout(this.#paceTimer);
    clearTimeout(this.#leaseTimer);
    for (const timer of this.#settleTimers) clearTimeout(timer);
    this.#settleTimers.clear();
    await this.#step.catch(() => undefined);
    await this.#confirming;
  }

  /** One serialised step; resolves with the dispatch failure of the head, if there was one. */
  #runStep(): Promise<{ sessionId: string; error: unknown } | null> {
    const run = this.#step.catch(() => undefined).then(() => this.#dispatchHead());
    this.#step = run;
    return run.catch((error: unknown) => {
      this.deps.log.warn({ error: describeError(error) }, 'dispatch queue step failed; will retry');
      return null;
    });
  }

  async #dispatchHead(): Promise<{ sessionId: string; error: unknown } | null> {
    if (this.#attempt !== null || this.#stopped) return null;
    const { store, sessions, config, log } = this.deps;
    const now = this.#now();
    if (now < this.#notBefore) {
      // Until the worker has told LiveKit about the last agent, a dispatch could be accepted on the
      // old figure and put one conversation too many on a worker.
      clearTimeout(this.#paceTimer);
      this.#paceTimer = setTimeout(() => this.kick(), this.#notBefore - now);
      this.#paceTimer.unref();
      return null;
    }
    let head: QueueEntry | undefined;
    for (const entry of await store.listDispatchQueue()) {
      const waitedMs = now - Date.parse(entry.enqueuedAt);
      if (waitedMs <= config.maxWaitMs) {
        head = entry;
        break;
      }
      if (await sessions.giveUp(entry.sessionId, END_REASON_QUEUE_TIMEOUT)) {
        log.info({ sessionId: entry.sessionId, room: entry.room, waitedMs, attempts: entry.attempts }, 'no agent became free in time; session ended');
      }
    }
    if (head === undefined) return null;
    if (!(await this.#takeLease(head.sessionId))) {
      // Another API instance is dispatching (or pacing after a dispatch); look again soon, as it may be done by then.
      clearTimeout(this.#leaseTimer);
      this.#leaseTimer = setTimeout(() => this.kick(), LEASE_RETRY_MS);
      this.#leaseTimer.unref();
      return null;
    }
    let dispatchId: string | null;
    try {
      dispatchId = await sessions.dispatch(head);
    } catch (error) {
      await this.#releaseLease(0);
      log.warn({ error: describeError(error), sessionId: head.sessionId, room: head.room }, 'could not dispatch the head of the queue; will retry');
      return { sessionId: head.sessionId, error };
    }
    if (dispatchId === null) {
      // It ended meanwhile: the next one may go.
      await store.dequeueDispatch(head.sessionId);
      await this.#releaseLease(0);
      return this.#dispatchHead();
    }
    const attempt: Attempt = { sessionId: head.sessionId, room: head.room, dispatchId, startedAt: this.#now() };
    this.#attempt = attempt;
    this.#freedDuringAttempt = false;
    this.#confirming = this.#confirm(attempt, head).catch((error: unknown) => {
      log.warn({ error: describeError(error), sessionId: attempt.sessionId }, 'could not confirm the agent dispatch; will retry');
      if (this.#attempt === attempt) this.#attempt = null;
      void this.#releaseLease(0);
    });
    return null;
  }

  /** Waits for the attempt's agent; withdraws the dispatch when none comes within `confirmMs`. */
  async #confirm(attempt: Attempt, entry: QueueEntry): Promise<void> {
    const { store, dispatcher, sessions, config, log } = this.deps;
    let leaseUntil = 0;
    for (;;) {
      const record = await store.getSessionRecord(attempt.sessionId);
      if (record?.status !== 'active') break;
      // The agent's own "started" report (job id) or LiveKit's job listing, whichever is first.
      if (record.jobId !== null || (await dispatcher.hasAgent(attempt.room, attempt.dispatchId))) {
        this.#notBefore = this.#now() + config.spacingMs;
        leaseUntil = this.#notBefore;
        await store.dequeueDispatch(attempt.sessionId);
        log.info(
          { sessionId: attempt.sessionId, room: attempt.room, dispatchId: attempt.dispatchId, confirmMs: this.#now() - attempt.startedAt, waitedMs: this.#now() - Date.parse(entry.enqueuedAt), attempts: entry.attempts + 1 },
          'agent assigned from the dispatch queue',
        );
        break;
      }
      const now = this.#now();
      const hot = now < this.#hotUntil;
      const deadline = attempt.startedAt + (hot ? Math.min(HOT_CONFIRM_MS, config.confirmMs) : config.confirmMs);
      if (now >= deadline || this.#stopped) {
        await sessions.withdraw(attempt.sessionId, attempt.dispatchId);
        await store.recordDispatchAttempt(attempt.sessionId, new Date(this.#now()).toISOString());
        log.info(
          { sessionId: attempt.sessionId, room: attempt.room, dispatchId: attempt.dispatchId, attempts: entry.attempts + 1, afterMs: now - attempt.startedAt, hot },
          'no agent slot free: the dispatch got no job; session waits in the queue',
        );
        await this.#releaseLease(0);
        this.#attempt = null;
        if (config.maxLength === 0 && (await sessions.giveUp(attempt.sessionId, 'no-agent-free'))) return;
        // A slot that freed during a doomed attempt, or is about to free, is tried at once rather than at the next retry.
        if (this.#freedDuringAttempt || hot) this.kick();
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, CONFIRM_POLL_MS));
      await this.#takeLease(attempt.sessionId);
    }
    await this.#releaseLease(leaseUntil);
    this.#attempt = null;
    this.kick();
  }

  /** Takes or renews the store's queue lease for one attempt on `sessionId`. */
  #takeLease(sessionId: string): Promise<boolean> {
    const now = this.#now();
    return this.deps.store.acquireQueueLease(this.#holder, sessionId, now, now + this.deps.config.confirmMs + LEASE_MARGIN_MS);
  }

  /** Gives the lease up at `untilMs` (0: now); a failure only delays the others until it expires. */
  async #releaseLease(untilMs: number): Promise<void> {
    await this.deps.store.releaseQueueLease(this.#holder, untilMs).catch((error: unknown) => {
      this.deps.log.warn({ error: describeError(error) }, 'could not release the dispatch queue lease; it expires by itself');
    });
  }
}
