import type { SessionEvent, SessionOptions, SessionStatus, TranscriptEntry, TurnMetrics } from '@parley/protocol';

export type StoreKind = 'sqlite' | 'postgres';

export interface ApiKeyRecord {
  keyId: string;
  tenant: string;
  /** sha256 of the key's secret part, hex; the secret itself is never stored. */
  secretHash: string;
  createdAt: string;
}

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

  createApiKey(record: ApiKeyRecord): Promise<void>;
  findApiKey(keyId: string): Promise<ApiKeyRecord | null>;

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
  /** Closes an active session; false when it was not active (already ended or unknown). */
  endSession(id: string, reason: string, endedAt: string): Promise<boolean>;
  /** Applies agent-reported events in order, in one transaction. */
  appendEvents(id: string, events: readonly SessionEvent[]): Promise<AppendResult>;
}

export class SessionConflictError extends Error {
  constructor(readonly room: string) {
    super(`room ${room} already has an active session`);
    this.name = 'SessionConflictError';
  }
}
