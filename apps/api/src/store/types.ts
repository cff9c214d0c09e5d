import type { SessionEvent, SessionOptions, SessionStatus, TranscriptEntry, TurnMetrics } from '@parley/protocol';

export type StoreKind = 'sqlite' | 'postgres';

export interface ApiKeyRecord {
  keyId: string;
  tenant: string;
  /** sha256 of the key's secret part, hex; the secret itself is never stored. */
  secretHash: string;
  createdAt: string;
  /** Last time the key authenticated a request (recorded at most once a minute); null if never. */
  lastUsedAt: string | null;
  /** When `keys revoke` retired it; a revoked key authenticates nothing. */
  revokedAt: string | null;
}

export type NewApiKeyRecord = Omit<ApiKeyRecord, 'lastUsedAt' | 'revokedAt'>;

export interface RoomRecord {
  name: string;
  tenant: string;
  createdAt: string;
}

export interface SessionRecord {
  id: string;
  tenant: string;
  room: string;
  status: SessionStatus;
  options: SessionOptions;
  dispatchId: string | null;
  jobId: string | null;
  startedAt: string;
  endedAt: string | null;
  endReason: string | null;
}

/** A session plus what its listing needs: turn count and end-to-end latencies in turn order. */
export interface SessionRow extends SessionRecord {
  turnCount: number;
  endToEndMs: number[];
}

export interface SessionDetailRow extends SessionRow {
  transcript: TranscriptEntry[];
  turns: TurnMetrics[];
}

export type UserRole = 'admin' | 'user';

/** A person who signs in (accounts mode). Everything they create belongs to their own tenant. */
export interface UserRecord {
  id: string;
  /** Sign-in name, lower-case, unique. */
  name: string;
  /** Self-describing scrypt hash (see accounts/passwords.ts); never the password. */
  passwordHash: string;
  role: UserRole;
  disabled: boolean;
  tenant: string;
  createdAt: string;
}

/** A signed-in browser: only a hash of the cookie's random id is stored. */
export interface AuthSessionRecord {
  idHash: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
}

/** A session waiting for an agent slot (see dispatch-queue.ts). */
export interface QueueEntry {
  sessionId: string;
  tenant: string;
  room: string;
  enqueuedAt: string;
  /** Dispatches tried so far that got no agent (LiveKit had no free worker). */
  attempts: number;
  lastAttemptAt: string | null;
  /** Set when the session's agent died mid-conversation: it waits ahead of new sessions. */
  replacement: QueuedReplacement | null;
}

/** A replacement agent waiting for a slot: which one this is in the session, and when the last one was lost. */
export interface QueuedReplacement {
  attempt: number;
  lostAt: string;
}

/**
 * The right to dispatch the head of the queue, held by one API instance at a time so that several
 * instances on one store never dispatch (and then withdraw) the same session twice.
 */
export interface QueueLease {
  /** The instance holding it (a random id per API process). */
  holder: string;
  /** The session whose dispatch the holder is confirming; null while it only paces the next one. */
  sessionId: string | null;
  /** Milliseconds since the epoch (the API instances' clocks, which must agree to within a second). */
  expiresAtMs: number;
}

export type ClaimRoomResult = { outcome: 'created' | 'existing'; room: RoomRecord } | { outcome: 'taken' };

export interface ListSessionsFilter {
  /** null: every tenant's sessions (an admin's view). */
  tenant: string | null;
  status?: SessionStatus | undefined;
  limit: number;
}

export interface AppendResult {
  /** Events that changed stored state (duplicates from agent retries are ignored). */
  applied: number;
}

/**
 * Persistent state of the API. Two implementations (SQLite, PostgreSQL) pass the same contract
 * tests; every method that writes more than one row does so in one transaction.
 */
export interface Store {
  readonly kind: StoreKind;
  /** Applies pending schema migrations; safe to call on every start and from several instances. */
  migrate(): Promise<void>;
  /** Throws when the store cannot serve queries. */
  ping(): Promise<void>;
  close(): Promise<void>;

  createApiKey(record: NewApiKeyRecord): Promise<void>;
  findApiKey(keyId: string): Promise<ApiKeyRecord | null>;
  /** Every key (revoked ones too), oldest first; only one tenant's when given. */
  listApiKeys(tenant?: string): Promise<ApiKeyRecord[]>;
  /** Retires a key for good; false when it does not exist or was already revoked. */
  revokeApiKey(keyId: string, revokedAt: string): Promise<boolean>;
  /** Records a use; skipped when the stored time is already later than `unlessAfter` (fewer writes). */
  touchApiKey(keyId: string, usedAt: string, unlessAfter: string): Promise<void>;

  /** Fails with UserExistsError when the name is taken. */
  createUser(record: UserRecord): Promise<void>;
  findUserByName(name: string): Promise<UserRecord | null>;
  getUser(id: string): Promise<UserRecord | null>;
  listUsers(): Promise<UserRecord[]>;
  countUsers(): Promise<number>;
  /** false when there is no such user. */
  setUserDisabled(id: string, disabled: boolean): Promise<boolean>;
  setPasswordHash(id: string, passwordHash: string): Promise<boolean>;

  createAuthSession(record: AuthSessionRecord): Promise<void>;
  findAuthSession(idHash: string): Promise<AuthSessionRecord | null>;
  deleteAuthSession(idHash: string): Promise<void>;
  /** Signs a user out everywhere, except the session `keepIdHash` when given; returns how many ended. */
  deleteAuthSessionsOfUser(userId: string, keepIdHash?: string): Promise<number>;
  deleteExpiredAuthSessions(now: string): Promise<number>;

  /** Registers a room name for a tenant; names are global, so another tenant's name is 'taken'. */
  claimRoom(tenant: string, name: string, createdAt: string): Promise<ClaimRoomResult>;
  getRoom(name: string): Promise<RoomRecord | null>;

  /** Inserts an active session; fails with SessionConflictError when the room already has one. */
  createSession(record: SessionRecord): Promise<void>;
  setDispatchId(id: string, dispatchId: string): Promise<void>;
  /**
   * Forgets an active session's dead agent (its dispatch and job), so that a replacement can be
   * queued and its 'started' report is accepted; false when the session is no longer active.
   */
  forgetAgent(id: string): Promise<boolean>;
  getSession(id: string): Promise<SessionDetailRow | null>;
  /** The session row alone (no transcript or turns): cheap existence and ownership checks. */
  getSessionRecord(id: string): Promise<SessionRecord | null>;
  listSessions(filter: ListSessionsFilter): Promise<SessionRow[]>;
  activeSessionInRoom(room: string): Promise<SessionRecord | null>;
  /** Every active session of every tenant (for reconciling with LiveKit). */
  listActiveSessions(): Promise<SessionRecord[]>;
  /** Closes an active session (and takes it out of the dispatch queue); false when it was not active (already ended or unknown). */
  endSession(id: string, reason: string, endedAt: string): Promise<boolean>;
  /** Sessions of a tenant that are active (queued ones included): the per-tenant limit. */
  countActiveSessions(tenant: string): Promise<number>;
  /** Clears the dispatch id when it is still `dispatchId` (a withdrawn dispatch); false otherwise. */
  clearDispatchId(id: string, dispatchId: string): Promise<boolean>;

  /**
   * Puts an active session at the back of the dispatch queue (a replacement: behind other
   * replacements, ahead of new sessions); a session already queued keeps its place.
   */
  enqueueDispatch(entry: Pick<QueueEntry, 'sessionId' | 'tenant' | 'room' | 'enqueuedAt'> & { replacement?: QueuedReplacement }): Promise<void>;
  /** The queue, replacements first, then first come first; only active sessions (ending a session takes it out). */
  listDispatchQueue(): Promise<QueueEntry[]>;
  /** Takes a session out of the queue (its agent came); false when it was not queued. */
  dequeueDispatch(sessionId: string): Promise<boolean>;
  /** Counts a dispatch that got no agent. */
  recordDispatchAttempt(sessionId: string, at: string): Promise<void>;
  /**
   * Takes or renews the queue lease until `untilMs` when it is free, expired at `nowMs`, or already
   * `holder`'s; false while another instance holds it.
   */
  acquireQueueLease(holder: string, sessionId: string | null, nowMs: number, untilMs: number): Promise<boolean>;
  /**
   * Counts an agent lost by a session at `atMs` when it has lost fewer than `max` in the `windowMs`
   * before; returns which loss in the window this is (1 for the first), or null when it had
   * already lost `max` (no more replacements).
   */
  recordAgentLoss(sessionId: string, atMs: number, windowMs: number, max: number): Promise<number | null>;
  /** Ends `holder`'s lease at `untilMs`: now, or later to keep others off while LiveKit hears the new load. */
  releaseQueueLease(holder: string, untilMs: number): Promise<void>;
  /** The lease as it stands (possibly expired); null when nobody ever took it. */
  getQueueLease(): Promise<QueueLease | null>;

  /** Applies agent-reported events in order, in one transaction; SessionNotActiveError once it has ended. */
  appendEvents(id: string, events: readonly SessionEvent[]): Promise<AppendResult>;
}

export class SessionConflictError extends Error {
  constructor(readonly room: string) {
    super(`room ${room} already has an active session`);
    this.name = 'SessionConflictError';
  }
}

/** Agent events arrived for a session that has ended (or does not exist): nothing was stored. */
export class SessionNotActiveError extends Error {
  constructor(readonly sessionId: string) {
    super(`session ${sessionId} is not active`);
    this.name = 'SessionNotActiveError';
  }
}

export class UserExistsError extends Error {
  constructor() {
    super('a user with that name already exists');
    this.name = 'UserExistsError';
  }
}
