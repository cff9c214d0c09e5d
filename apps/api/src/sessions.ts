import { randomUUID } from 'node:crypto';
import {
  MAX_RESUME_ENTRY_CHARS,
  MAX_RESUME_HISTORY_ENTRIES,
  type ResumeContext,
  type SessionDetail,
  type SessionEvent,
  type SessionOptions,
  type SessionQueueStatus,
  type SessionSummary,
  type TranscriptEntry,
} from '@parley/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { AgentCredentials } from './agent-credentials.js';
import type { Config } from './config.js';
import { DispatchFailedError, DispatchQueue, type QueueLogger } from './dispatch-queue.js';
import { HttpError } from './errors.js';
import { jobIdOfAgentIdentity } from './identities.js';
import type { RoomGateway } from './livekit/rooms.js';
import type { SessionDispatcher } from './livekit/dispatch.js';
import { describeError } from './redact.js';
import { type AppendResult, type QueueEntry, type RoomRecord, SessionConflictError, type SessionDetailRow, type SessionRecord, type SessionRow, type Store } from './store/types.js';

/** Never reveal that another tenant's room or session exists: it is simply not found. */
export const roomNotFound = (): HttpError => new HttpError(404, 'room not found');
export const sessionNotFound = (): HttpError => new HttpError(404, 'session not found');

function percentile(sorted: number[], fraction: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return Math.round(sorted[index] ?? 0);
}

export function toSummary(row: SessionRow, queue: SessionQueueStatus | null = null): SessionSummary {
  const sorted = [...row.endToEndMs].sort((a, b) => a - b);
  return {
    id: row.id,
    room: row.room,
    status: row.status,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    endReason: row.endReason,
    turnCount: row.turnCount,
    latency: sorted.length === 0 ? null : { p50Ms: percentile(sorted, 0.5), p95Ms: percentile(sorted, 0.95) },
    queue,
  };
}

export function toDetail(row: SessionDetailRow, queue: SessionQueueStatus | null = null): SessionDetail {
  return { ...toSummary(row, queue), options: row.options, transcript: row.transcript, turns: row.turns };
}

/** What an agent leaving the room did to its session. */
export type AgentLeftOutcome =
  | { kind: 'not-ours' }
  | { kind: 'closed'; sessionId: string }
  | { kind: 'replacing'; sessionId: string; attempt: number };

/**
 * Whether a LiveKit error says that no node hosts the room any more: a request about a room is
 * relayed to the node that hosts it, and when that node is dead the relay finds no server.
 */
export function roomNodeGone(error: unknown): boolean {
  return /no response from servers/i.test(describeError(error));
}

/** The tail of a transcript, cut to what a replacement agent's dispatch metadata carries. */
export function resumeHistory(transcript: readonly TranscriptEntry[]): ResumeContext['history'] {
  return transcript
    .slice(-MAX_RESUME_HISTORY_ENTRIES)
    .map((entry) => ({ role: entry.role, text: entry.text.length > MAX_RESUME_ENTRY_CHARS ? entry.text.slice(0, MAX_RESUME_ENTRY_CHARS) : entry.text }));
}

/**
 * Bounds replacements per session: an agent that dies on every start (a poisoned conversation, a
 * broken model) must not be re-dispatched for ever. Counted in the store, so the bound holds
 * across API instances and restarts.
 */
export const MAX_REPLACEMENTS = 3;
export const REPLACEMENT_WINDOW_MS = 10 * 60_000;

export interface SessionServiceDeps {
  store: Store;
  dispatcher: SessionDispatcher;
  rooms: RoomGateway;
  credentials: AgentCredentials;
  allowedProviders: { llm: string[]; stt: string[]; tts: string[] };
  dispatchQueue: Config['dispatchQueue'];
  maxSessionsPerTenant: number | null;
  /** Whether any agent worker is up, for people waiting in the queue. */
  agentsUp: () => Promise<boolean>;
  /** For the dispatch queue, which works outside any request. */
  log: QueueLogger;
}

/** A report from an agent job that is not the session's own (see AGENT_SUPERSEDED_ERROR). */
export class AgentSupersededError extends Error {
  constructor(readonly sessionJobId: string) {
    super('another agent job has this session');
    this.name = 'AgentSupersededError';
  }
}

/** Rooms, sessions and the agent dispatch that belongs to each session, kept consistent. */
export class SessionService {
  readonly #roomLocks = new Map<string, Promise<unknown>>();
  /** Sessions waiting for a free agent slot (see dispatch-queue.ts). */
  readonly queue: DispatchQueue;

  constructor(private readonly deps: SessionServiceDeps) {
    this.queue = new DispatchQueue({
      store: deps.store,
      dispatcher: deps.dispatcher,
      config: deps.dispatchQueue,
      maxSessionsPerTenant: deps.maxSessionsPerTenant,
      agentsUp: deps.agentsUp,
      log: deps.log,
      sessions: {
        dispatch: (entry) => this.#dispatchQueued(entry),
        withdraw: (id, dispatchId) => this.#withdrawDispatch(id, dispatchId),
        giveUp: async (id, reason) => (await this.closeIf(id, async () => reason)) !== null,
      },
    });
  }

  /** Serialises work per room, so a double-clicked "join" cannot start two agents. */
  #withRoomLock<T>(room: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#roomLocks.get(room) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.#roomLocks.set(room, next);
    const cleanup = (): void => {
      if (this.#roomLocks.get(room) === next) this.#roomLocks.delete(room);
    };
    next.then(cleanup, cleanup);
    return next;
  }

  /** The caller's room, registering it when the name is free; 404 when another tenant owns it. */
  async claimRoom(tenant: string, name: string): Promise<{ room: RoomRecord; created: boolean }> {
    const result = await this.deps.store.claimRoom(tenant, name, new Date().toISOString());
    if (result.outcome === 'taken') throw roomNotFound();
    return { room: result.room, created: result.outcome === 'created' };
  }

  /** `tenant` null: any tenant's room (an admin reading). */
  async ownedRoom(tenant: string | null, name: string): Promise<RoomRecord> {
    const room = await this.deps.store.getRoom(name);
    if (!room || (tenant !== null && room.tenant !== tenant)) throw roomNotFound();
    return room;
  }

  validateOptions(options: SessionOptions): void {
    const allowed = this.deps.allowedProviders;
    const details = (['llm', 'stt', 'tts'] as const).flatMap((field) => {
      const value = options[field];
      return value === undefined || allowed[field].includes(value)
        ? []
        : [{ path: field, message: `${field} "${value}" is not enabled on this server; allowed: ${allowed[field].join(', ') || 'none'}` }];
    });
    if (details.length > 0) throw new HttpError(400, 'invalid request', details);
  }

  /**
   * Starts an agent session in the caller's room. With `reuseActive`, an active session whose
   * agent is still dispatched is returned instead (a second person joining the same conversation).
   */
  async start(
    tenant: string,
    roomName: string,
    options: SessionOptions,
    { reuseActive, log }: { reuseActive: boolean; log: FastifyBaseLogger },
  ): Promise<{ session: SessionSummary; reused: boolean }> {
    this.validateOptions(options);
    await this.claimRoom(tenant, roomName);
    const claimed = await this.#withRoomLock(roomName, async (): Promise<{ reused: SessionSummary } | { created: SessionRecord }> => {
      const { store, dispatcher } = this.deps;
      const active = await store.activeSessionInRoom(roomName);
      if (active) {
        // A session waiting in the queue has no dispatch yet, and is as good as live.
        const queued = await this.queue.status(active.id);
        let live: boolean;
        try {
          live = queued !== null || (active.dispatchId !== null && (await dispatcher.isLive(roomName, active.dispatchId)));
        } catch (error) {
          // The room's LiveKit node died: the agent went with it, and the person asking is the one
          // whose join brings the room back on a live node. Turning them away would leave both
          // stuck, so they get their conversation back and a replacement agent waits in the queue
          // until the room answers again.
          if (reuseActive && roomNodeGone(error)) {
            const replaced = await this.#replaceLostAgent(active, log, { personJoining: true });
            const row = replaced === null ? undefined : await store.getSession(active.id);
            if (row) {
              log.warn({ room: roomName, sessionId: active.id }, "the room's LiveKit node does not answer; its agent is replaced");
              return { reused: toSummary(row, await this.queue.status(active.id)) };
            }
          }
          log.error({ error: describeError(error), room: roomName }, 'could not check the agent dispatch');
          throw new HttpError(502, 'could not reach LiveKit to check the agent');
        }
        if (live && reuseActive) {
          const row = await store.getSession(active.id);
          if (row) return { reused: toSummary(row, queued) };
        }
        if (live) throw new HttpError(409, 'the room already has an active session; end it first');
        await store.endSession(active.id, 'agent-gone', new Date().toISOString());
        log.info({ sessionId: active.id, room: roomName }, 'closed a session whose agent dispatch is gone');
      }
      await this.queue.admit(tenant);

      const record: SessionRecord = {
        id: randomUUID(),
        tenant,
        room: roomName,
        status: 'active',
        options,
        dispatchId: null,
        jobId: null,
        startedAt: new Date().toISOString(),
        endedAt: null,
        endReason: null,
      };
      try {
        await store.createSession(record);
      } catch (error) {
        if (error instanceof SessionConflictError) throw new HttpError(409, 'the room already has an active session; end it first');
        throw error;
      }
      await this.queue.enqueue(record);
      return { created: record };
    });
    if ('reused' in claimed) return { session: claimed.reused, reused: true };

    const { id } = claimed.created;
    try {
      // Dispatched now when nobody waits; otherwise it waits its turn.
      await this.queue.tryNow(id);
    } catch (error) {
      await this.deps.store.endSession(id, 'dispatch-failed', new Date().toISOString());
      log.error({ error: describeError(error instanceof DispatchFailedError ? error.failure : error), room: roomName, sessionId: id }, 'agent dispatch failed');
      throw new HttpError(502, 'could not dispatch the agent: LiveKit did not accept the request');
    }
    const row = await this.deps.store.getSession(id);
    if (!row) throw new Error('session vanished right after it was created');
    const queue = await this.queue.status(id);
    if (queue?.state === 'queued') log.info({ sessionId: id, room: roomName, position: queue.position, state: queue.state }, 'session waits for an agent slot');
    return { session: toSummary(row, queue), reused: false };
  }

  /**
   * Creates the dispatch of a queued session (under its room lock); null when it has ended. A
   * replacement's dispatch carries the conversation as it stands now, lines since the loss included.
   */
  #dispatchQueued(entry: QueueEntry): Promise<string | null> {
    const id = entry.sessionId;
    return this.#withRoomLockFor(id, async (current) => {
      const { dispatcher, store, credentials } = this.deps;
      if (current.dispatchId !== null) {
        // Left by an attempt cut short (an API restart): keep it when its agent came, else replace it.
        if (await dispatcher.hasAgent(current.room, current.dispatchId)) return current.dispatchId;
        await dispatcher.cancel(current.room, current.dispatchId);
        await store.clearDispatchId(id, current.dispatchId);
      }
      // The report key travels only in the dispatch metadata, which only the agent worker reads.
      const reportKey = credentials.keyFor(id, current.tenant);
      let resume: ResumeContext | undefined;
      if (entry.replacement !== null) {
        const detail = await store.getSession(id);
        resume = { history: resumeHistory(detail?.transcript ?? []), lostAt: entry.replacement.lostAt, attempt: entry.replacement.attempt };
      }
      const { dispatchId } = await dispatcher.dispatch(current.room, { sessionId: id, options: current.options, reportKey, ...(resume ? { resume } : {}) });
      await store.setDispatchId(id, dispatchId);
      this.deps.log.info({ sessionId: id, room: current.room, dispatchId, replacementAttempt: entry.replacement?.attempt ?? null, historyEntries: resume?.history.length ?? null }, 'agent dispatched');
      return dispatchId;
    });
  }

  /** Deletes a dispatch that got no agent, so the session waits without one (under its room lock). */
  async #withdrawDispatch(id: string, dispatchId: string): Promise<void> {
    await this.#withRoomLockFor(id, async (current) => {
      await this.deps.dispatcher.cancel(current.room, dispatchId);
      await this.deps.store.clearDispatchId(id, dispatchId);
      return null;
    });
  }

  /** Runs `work` on an active session under its room lock; null when it is not active. */
  async #withRoomLockFor<T>(id: string, work: (current: SessionRecord) => Promise<T | null>): Promise<T | null> {
    const session = await this.deps.store.getSessionRecord(id);
    if (session?.status !== 'active') return null;
    return this.#withRoomLock(session.room, async () => {
      const current = await this.deps.store.getSessionRecord(id);
      return current?.status === 'active' ? work(current) : null;
    });
  }

  async get(tenant: string | null, id: string): Promise<SessionDetail> {
    const row = await this.deps.store.getSession(id);
    if (!row || (tenant !== null && row.tenant !== tenant)) throw sessionNotFound();
    return toDetail(row, await this.queue.status(id));
  }

  /** The small answer a waiting page polls: the session's status and its place in the queue. */
  async queueStatus(tenant: string | null, id: string): Promise<{ sessionId: string; status: SessionSummary['status']; endReason: string | null; queue: SessionQueueStatus | null }> {
    const row = await this.deps.store.getSessionRecord(id);
    if (!row || (tenant !== null && row.tenant !== tenant)) throw sessionNotFound();
    return { sessionId: id, status: row.status, endReason: row.endReason, queue: row.status === 'active' ? await this.queue.status(id) : null };
  }

  async list(tenant: string | null, status: 'active' | 'ended' | undefined, limit: number): Promise<SessionSummary[]> {
    const rows = await this.deps.store.listSessions({ tenant, status, limit });
    const queue = await this.queue.statuses();
    return rows.map((row) => toSummary(row, queue.get(row.id) ?? null));
  }

  /** Ends a session: the agent's dispatch is deleted, the agent leaves, the record is closed. */
  async end(tenant: string | null, roomName: string, id: string, log: FastifyBaseLogger): Promise<SessionSummary> {
    const row = await this.deps.store.getSessionRecord(id);
    if (!row || (tenant !== null && row.tenant !== tenant) || row.room !== roomName) throw sessionNotFound();
    return this.#withRoomLock(roomName, async () => {
      const current = await this.deps.store.getSessionRecord(id);
      if (current?.status === 'active') {
        try {
          if (current.dispatchId !== null) await this.deps.dispatcher.cancel(roomName, current.dispatchId);
          const removed = await this.deps.rooms.removeAgents(roomName);
          log.info({ sessionId: id, room: roomName, agentsRemoved: removed }, 'session ended by API');
        } catch (error) {
          log.error({ error: describeError(error), sessionId: id, room: roomName }, 'could not remove the agent');
          throw new HttpError(502, 'could not reach LiveKit to remove the agent; the session is still active');
        }
        await this.deps.store.endSession(id, 'ended-by-api', new Date().toISOString());
        this.queue.slotFreed();
      }
      const final = await this.deps.store.getSession(id);
      if (!final) throw sessionNotFound();
      return toSummary(final);
    });
  }

  /**
   * A LiveKit webhook says an agent left the room. Only the session whose own agent it was is
   * affected: a late webhook from the previous agent in the same room must not touch the next
   * session (which would let a second agent in). An agent that leaves on purpose reports 'ended'
   * first, so an active session here means its agent died or was cut off: while people are still
   * in the room it gets a replacement agent that carries on with the history; otherwise it closes.
   * Runs under the room lock, like `end`.
   */
  onAgentLeft(roomName: string, identity: string, log: FastifyBaseLogger): Promise<AgentLeftOutcome> {
    const leftJob = jobIdOfAgentIdentity(identity);
    return this.#withRoomLock(roomName, async (): Promise<AgentLeftOutcome> => {
      const active = await this.deps.store.activeSessionInRoom(roomName);
      if (!active) return { kind: 'not-ours' };
      if (active.jobId !== null) {
        if (active.jobId !== leftJob) return { kind: 'not-ours' };
      } else {
        // Waiting in the queue with no dispatch: whichever agent left, it was not this session's.
        if (active.dispatchId === null && (await this.queue.status(active.id)) !== null) return { kind: 'not-ours' };
        // The agent has not reported its job yet: act only when this session's dispatch is over.
        try {
          if (active.dispatchId !== null && (await this.deps.dispatcher.isLive(roomName, active.dispatchId))) return { kind: 'not-ours' };
        } catch (error) {
          log.warn({ error: describeError(error), room: roomName, sessionId: active.id }, 'could not check the agent dispatch; leaving the session to reconciliation');
          return { kind: 'not-ours' };
        }
      }
      const replaced = await this.#replaceLostAgent(active, log);
      if (replaced !== null) return replaced;
      const closed = await this.deps.store.endSession(active.id, 'agent-left', new Date().toISOString());
      return closed ? { kind: 'closed', sessionId: active.id } : { kind: 'not-ours' };
    });
  }

  /**
   * Queues a replacement for a session's dead agent, ahead of new sessions (see DispatchQueue), so
   * that it waits for a slot like anyone else when every worker is full; null when nobody is left to
   * talk to, or it keeps dying.
   */
  async #replaceLostAgent(session: SessionRecord, log: FastifyBaseLogger, { personJoining = false } = {}): Promise<AgentLeftOutcome | null> {
    const { store, dispatcher, rooms } = this.deps;
    const lostAt = new Date();
    // A person joining right now is someone to talk to, whatever the room lists.
    if (!personJoining) {
      let people: number;
      try {
        people = (await rooms.status(session.room)).participants.filter((participant) => participant.kind === 'user').length;
      } catch (error) {
        log.warn({ error: describeError(error), room: session.room, sessionId: session.id }, 'could not list the room after its agent left; closing the session');
        return null;
      }
      if (people === 0) return null;
    }
    const attempt = await store.recordAgentLoss(session.id, lostAt.getTime(), REPLACEMENT_WINDOW_MS, MAX_REPLACEMENTS);
    if (attempt === null) {
      log.warn({ sessionId: session.id, room: session.room }, 'the agent keeps dying in this session; no more replacements');
      return null;
    }
    if (session.dispatchId !== null) await dispatcher.cancel(session.room, session.dispatchId).catch(() => undefined);
    if (!(await store.forgetAgent(session.id))) return null;
    await store.enqueueDispatch({ sessionId: session.id, tenant: session.tenant, room: session.room, enqueuedAt: lostAt.toISOString(), replacement: { attempt, lostAt: lostAt.toISOString() } });
    log.info({ sessionId: session.id, room: session.room, attempt }, 'agent lost mid-conversation: replacement queued');
    // Not awaited: the queue's dispatch takes this room's lock, which the caller holds until it returns.
    this.queue.replacementQueued();
    return { kind: 'replacing', sessionId: session.id, attempt };
  }

  /**
   * A LiveKit webhook says the room finished at `finishedAt` (second precision). A session started
   * at or after that second belongs to a newer room of the same name, so a late webhook leaves it be.
   */
  closeOnRoomFinished(roomName: string, finishedAt: Date | null): Promise<string | null> {
    return this.#withRoomLock(roomName, async () => {
      const active = await this.deps.store.activeSessionInRoom(roomName);
      if (!active) return null;
      if (finishedAt !== null && new Date(active.startedAt).getTime() >= finishedAt.getTime()) return null;
      return (await this.deps.store.endSession(active.id, 'room-finished', new Date().toISOString())) ? active.id : null;
    });
  }

  /**
   * Ends an active session when `decide` (run under the room lock, so it sees a settled session)
   * returns a reason; returns that reason, or null when the session stays as it is.
   */
  async closeIf(id: string, decide: (session: SessionRecord) => Promise<string | null>): Promise<string | null> {
    const session = await this.deps.store.getSessionRecord(id);
    if (!session) return null;
    return this.#withRoomLock(session.room, async () => {
      const current = await this.deps.store.getSessionRecord(id);
      if (current?.status !== 'active') return null;
      const reason = await decide(current);
      if (reason === null) return null;
      return (await this.deps.store.endSession(id, reason, new Date().toISOString())) ? reason : null;
    });
  }

  /** The session row for the agent endpoint's credential check; null when it does not exist. */
  record(id: string): Promise<SessionRecord | null> {
    return this.deps.store.getSessionRecord(id);
  }

  /**
   * Stores an agent's report; SessionNotActiveError once the session has ended, and
   * AgentSupersededError when `jobId` names another job than the one the session has (the first
   * to report 'started' since the session began or lost its agent). Same room lock as `end`.
   */
  applyAgentEvents(session: SessionRecord, events: readonly SessionEvent[], jobId?: string): Promise<AppendResult> {
    return this.#withRoomLock(session.room, async () => {
      if (jobId !== undefined) {
        const current = await this.deps.store.getSessionRecord(session.id);
        if (current !== null && current.jobId !== null && current.jobId !== jobId) throw new AgentSupersededError(current.jobId);
      }
      return this.deps.store.appendEvents(session.id, events);
    });
  }
}
