import { jobIdOfAgentIdentity } from './identities.js';
import type { SessionDispatcher } from './livekit/dispatch.js';
import type { RoomLister } from './livekit/room-lister.js';
import { describeError } from './redact.js';
import type { SessionService } from './sessions.js';
import type { SessionRecord, Store } from './store/types.js';

/** The two log levels reconciliation uses (a Fastify/pino logger fits). */
export interface ReconcileLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface ReconcilerDeps {
  store: Store;
  sessions: SessionService;
  lister: RoomLister;
  dispatcher: SessionDispatcher;
  log: ReconcileLogger;
  /** How long a queued session may have nobody in its room before it is taken as abandoned. */
  abandonedWaitGraceMs?: number;
}

/** The end reason of a queued session whose people left before an agent came. */
export const END_REASON_LEFT_WHILE_WAITING = 'left-while-waiting';
/**
 * A person joins their room within seconds of getting their token; one that has been waiting this
 * long with nobody in the room has left (a page closed while queued, or a session queued before an
 * API restart whose people are long gone) and must not be given an agent.
 */
export const ABANDONED_WAIT_GRACE_MS = 20_000;

export interface ReconcileResult {
  checked: number;
  ended: { sessionId: string; reason: string }[];
}

/**
 * Webhooks missed while the API was down would leave sessions "active" forever. This compares
 * active sessions with what LiveKit hosts, at start and then periodically, and ends a session
 * whose room is gone ('room-gone'), whose agent is neither in the room nor on its way
 * ('agent-gone'), or that waits in the dispatch queue with nobody left in its room
 * ('left-while-waiting').
 */
export class SessionReconciler {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;
  #stopped = false;

  constructor(private readonly deps: ReconcilerDeps) {}

  /** One pass. Throws when LiveKit cannot be asked about its rooms (nothing is changed then). */
  async runOnce(): Promise<ReconcileResult> {
    const active = await this.deps.store.listActiveSessions();
    if (active.length === 0) return { checked: 0, ended: [] };
    const rooms = new Set(await this.deps.lister.listRooms());
    const ended: ReconcileResult['ended'] = [];
    for (const session of active) {
      try {
        const reason = await this.deps.sessions.closeIf(session.id, (current) => this.#staleReason(current, rooms));
        if (reason !== null) {
          ended.push({ sessionId: session.id, reason });
          this.deps.log.info({ sessionId: session.id, room: session.room, reason }, 'reconciliation ended a session LiveKit no longer runs');
        }
      } catch (error) {
        this.deps.log.warn({ error: describeError(error), sessionId: session.id, room: session.room }, 'could not reconcile a session; will retry');
      }
    }
    return { checked: active.length, ended };
  }

  /** Why the session is over, or null while its agent is in the room or still on its way. */
  async #staleReason(session: SessionRecord, listed: ReadonlySet<string>): Promise<string | null> {
    // Waiting for an agent slot: no agent is expected yet, but someone must still be there to get one.
    const queued = await this.deps.sessions.queue.status(session.id);
    if (queued !== null) {
      if (queued.waitedMs < (this.deps.abandonedWaitGraceMs ?? ABANDONED_WAIT_GRACE_MS)) return null;
      const people = (await this.#roomExists(session.room, listed)) ? (await this.deps.lister.listParticipants(session.room)).filter((identity) => jobIdOfAgentIdentity(identity) === null) : [];
      return people.length === 0 ? END_REASON_LEFT_WHILE_WAITING : null;
    }
    if (!(await this.#roomExists(session.room, listed))) return 'room-gone';
    const jobId = session.jobId;
    if (jobId !== null && (await this.deps.lister.listParticipants(session.room)).some((identity) => jobIdOfAgentIdentity(identity) === jobId)) return null;
    // No agent seen: still fine while its dispatch has a pending or running job (it may be joining).
    if (session.dispatchId !== null && (await this.deps.dispatcher.isLive(session.room, session.dispatchId))) return null;
    return 'agent-gone';
  }

  /** Whether LiveKit hosts the room; the bulk list may predate it (created by a dispatch), so a miss is asked again. */
  async #roomExists(room: string, listed: ReadonlySet<string>): Promise<boolean> {
    return listed.has(room) || (await this.deps.lister.listRooms([room])).includes(room);
  }

  /**
   * Runs now and every `intervalMs`; failures (LiveKit unreachable) are logged and retried.
   * Resolves when the first pass is over (done or failed), never rejects.
   */
  start(intervalMs: number): Promise<void> {
    this.#stopped = false;
    let first: Promise<void> | undefined;
    const tick = (): void => {
      const pass = this.runOnce()
        .then(() => undefined)
        .catch((error: unknown) => {
          this.deps.log.warn({ error: describeError(error) }, 'could not reconcile sessions with LiveKit (LiveKit or the database unreachable); will retry');
        })
        .finally(() => {
          this.#running = undefined;
          if (this.#stopped) return;
          this.#timer = setTimeout(tick, intervalMs);
          this.#timer.unref();
        });
      this.#running = pass;
      first ??= pass;
    };
    tick();
    return first ?? Promise.resolve();
  }

  /** Stops the timer and waits for a pass in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }
}
