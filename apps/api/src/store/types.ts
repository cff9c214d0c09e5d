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

export type ClaimRoomResult = { outcome: 'created' | 'existing'; room: RoomRecord } | { outcome: 'taken' };

export interface ListSessionsFilter {
  tenant: string;
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

  /** Registers a room name for a tenant; names are global, so another tenant's name is 'taken'. */
  claimRoom(tenant: string, name: string, createdAt: string): Promise<ClaimRoomResult>;
  getRoom(name: string): Promise<RoomRecord | null>;

  /** Inserts an active session; fails with SessionConflictError when the room already has one. */
  createSession(record: SessionRecord): Promise<void>;
  setDispatchId(id: string, dispatchId: string): Promise<void>;
  getSession(id: string): Promise<SessionDetailRow | null>;
  /** The session row alone (no transcript or turns): cheap existence and ownership checks. */
  getSessionRecord(id: string): Promise<SessionRecord | null>;
  listSessions(filter: ListSessionsFilter): Promise<SessionRow[]>;
  activeSessionInRoom(room: string): Promise<SessionRecord | null>;
  /** Every active session of every tenant (for reconciling with LiveKit). */
  listActiveSessions(): Promise<SessionRecord[]>;
  /** Closes an active session; false when it was not active (already ended or unknown). */
  endSession(id: string, reason: string, endedAt: string): Promise<boolean>;
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
