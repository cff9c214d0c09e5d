import { createHash } from 'node:crypto';
import { sessionOptionsSchema, type SessionEvent, type SessionOptions, type TranscriptEntry, type TurnMetrics } from '@parley/protocol';
import { runMigrations } from './migrations.js';
import { SqlAccounts } from './sql-accounts.js';
import type { SqlDatabase, SqlExecutor, SqlRow, SqlValue } from './sql.js';
import {
  type ApiKeyRecord,
  type AppendResult,
  type ClaimRoomResult,
  type ListSessionsFilter,
  type NewApiKeyRecord,
  type QueueEntry,
  type RoomRecord,
  SessionConflictError,
  type SessionDetailRow,
  type SessionRecord,
  type SessionRow,
  SessionNotActiveError,
  type QueueLease,
  type QueuedReplacement,
  type Store,
} from './types.js';

const API_KEY_COLUMNS = 'key_id, tenant, secret_hash, created_at, last_used_at, revoked_at';
const SESSION_COLUMNS = 'id, tenant, room, status, options, dispatch_id, job_id, started_at, ended_at, end_reason';

const text = (row: SqlRow, column: string): string => String(row[column]);
const nullableText = (row: SqlRow, column: string): string | null => (row[column] === null || row[column] === undefined ? null : String(row[column]));

function parseOptions(raw: string): SessionOptions {
  try {
    const parsed = sessionOptionsSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

function apiKeyFrom(row: SqlRow): ApiKeyRecord {
  return {
    keyId: text(row, 'key_id'),
    tenant: text(row, 'tenant'),
    secretHash: text(row, 'secret_hash'),
    createdAt: text(row, 'created_at'),
    lastUsedAt: nullableText(row, 'last_used_at'),
    revokedAt: nullableText(row, 'revoked_at'),
  };
}

function sessionFrom(row: SqlRow): SessionRecord {
  return {
    id: text(row, 'id'),
    tenant: text(row, 'tenant'),
    room: text(row, 'room'),
    status: text(row, 'status') === 'active' ? 'active' : 'ended',
    options: parseOptions(text(row, 'options')),
    dispatchId: nullableText(row, 'dispatch_id'),
    jobId: nullableText(row, 'job_id'),
    startedAt: text(row, 'started_at'),
    endedAt: nullableText(row, 'ended_at'),
    endReason: nullableText(row, 'end_reason'),
  };
}

/** Agents retry a batch whose answer they lost; hashing the entry makes the retry a no-op. */
function entryHash(role: string, at: string, body: string): string {
  return createHash('sha256').update(`${role}\u0000${at}\u0000${body}`).digest('hex');
}

const iso = (value: string): string => new Date(value).toISOString();

async function applyEvent(sql: SqlExecutor, id: string, event: SessionEvent): Promise<number> {
  switch (event.type) {
    case 'started': {
      const result = await sql.run('UPDATE sessions SET job_id = ? WHERE id = ? AND job_id IS NULL', [event.jobId, id]);
      return result.changes;
    }
    case 'transcript': {
      const at = iso(event.at);
      const interrupted: SqlValue = event.interrupted === undefined ? null : event.interrupted ? 1 : 0;
      const result = await sql.run(
        'INSERT INTO transcript_entries (session_id, role, text, at, interrupted, entry_hash) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
        [id, event.role, event.text, at, interrupted, entryHash(event.role, at, event.text)],
      );
      return result.changes;
    }
    case 'turn': {
      const result = await sql.run(
        'INSERT INTO turns (session_id, turn_id, metrics, end_to_end_ms) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
        [id, event.turn.turnId, JSON.stringify(event.turn), event.turn.endToEndMs],
      );
      return result.changes;
    }
    case 'ended': {
      await sql.run('DELETE FROM dispatch_queue WHERE session_id = ?', [id]);
      const result = await sql.run("UPDATE sessions SET status = 'ended', ended_at = ?, end_reason = ? WHERE id = ? AND status = 'active'", [
        iso(event.at),
        event.reason,
        id,
      ]);
      return result.changes;
    }
  }
}

/** The Store contract in portable SQL; SQLite and PostgreSQL differ only in their SqlDatabase. */
export class SqlStore extends SqlAccounts implements Store {
  constructor(db: SqlDatabase) {
    super(db);
  }

  get kind() {
    return this.db.kind;
  }

  async migrate(): Promise<void> {
    await runMigrations(this.db);
  }

  async ping(): Promise<void> {
    await this.db.read((sql) => sql.all('SELECT version FROM schema_migrations LIMIT 1'));
  }

  close(): Promise<void> {
    return this.db.close();
  }

  async createApiKey(record: NewApiKeyRecord): Promise<void> {
    await this.db.transaction((sql) =>
      sql.run('INSERT INTO api_keys (key_id, tenant, secret_hash, created_at) VALUES (?, ?, ?, ?)', [
        record.keyId,
        record.tenant,
        record.secretHash,
        record.createdAt,
      ]),
    );
  }

  async findApiKey(keyId: string): Promise<ApiKeyRecord | null> {
    const row = (await this.db.read((sql) => sql.all(`SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE key_id = ?`, [keyId])))[0];
    return row ? apiKeyFrom(row) : null;
  }

  async listApiKeys(tenant?: string): Promise<ApiKeyRecord[]> {
    const rows = await this.db.read((sql) =>
      tenant === undefined
        ? sql.all(`SELECT ${API_KEY_COLUMNS} FROM api_keys ORDER BY created_at, key_id`)
        : sql.all(`SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE tenant = ? ORDER BY created_at, key_id`, [tenant]),
    );
    return rows.map(apiKeyFrom);
  }

  async revokeApiKey(keyId: string, revokedAt: string): Promise<boolean> {
    const result = await this.db.transaction((sql) => sql.run('UPDATE api_keys SET revoked_at = ? WHERE key_id = ? AND revoked_at IS NULL', [revokedAt, keyId]));
    return result.changes > 0;
  }

  async touchApiKey(keyId: string, usedAt: string, unlessAfter: string): Promise<void> {
    await this.db.transaction((sql) =>
      sql.run('UPDATE api_keys SET last_used_at = ? WHERE key_id = ? AND (last_used_at IS NULL OR last_used_at < ?)', [usedAt, keyId, unlessAfter]),
    );
  }

  async claimRoom(tenant: string, name: string, createdAt: string): Promise<ClaimRoomResult> {
    return this.db.transaction(async (sql) => {
      const inserted = await sql.run('INSERT INTO rooms (name, tenant, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [name, tenant, createdAt]);
      const row = (await sql.all('SELECT name, tenant, created_at FROM rooms WHERE name = ?', [name]))[0];
      if (!row) throw new Error('room vanished inside its own transaction');
      const room: RoomRecord = { name: text(row, 'name'), tenant: text(row, 'tenant'), createdAt: text(row, 'created_at') };
      if (room.tenant !== tenant) return { outcome: 'taken' };
      return { outcome: inserted.changes > 0 ? 'created' : 'existing', room };
    });
  }

  async getRoom(name: string): Promise<RoomRecord | null> {
    const row = (await this.db.read((sql) => sql.all('SELECT name, tenant, created_at FROM rooms WHERE name = ?', [name])))[0];
    return row ? { name: text(row, 'name'), tenant: text(row, 'tenant'), createdAt: text(row, 'created_at') } : null;
  }

  async createSession(record: SessionRecord): Promise<void> {
    try {
      await this.db.transaction((sql) =>
        sql.run(`INSERT INTO sessions (${SESSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
          record.id,
          record.tenant,
          record.room,
          record.status,
          JSON.stringify(record.options),
          record.dispatchId,
          record.jobId,
          record.startedAt,
          record.endedAt,
          record.endReason,
        ]),
      );
    } catch (error) {
      if (this.db.isUniqueViolation(error)) throw new SessionConflictError(record.room);
      throw error;
    }
  }

  async setDispatchId(id: string, dispatchId: string): Promise<void> {
    await this.db.transaction((sql) => sql.run('UPDATE sessions SET dispatch_id = ? WHERE id = ?', [dispatchId, id]));
  }

  async forgetAgent(id: string): Promise<boolean> {
    const result = await this.db.transaction((sql) => sql.run("UPDATE sessions SET dispatch_id = NULL, job_id = NULL WHERE id = ? AND status = 'active'", [id]));
    return result.changes > 0;
  }

  async getSession(id: string): Promise<SessionDetailRow | null> {
    return this.db.read(async (sql) => {
      const row = (await sql.all(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = ?`, [id]))[0];
      if (!row) return null;
      const transcriptRows = await sql.all('SELECT role, text, at, interrupted FROM transcript_entries WHERE session_id = ? ORDER BY at, id', [id]);
      const turnRows = await sql.all('SELECT metrics, end_to_end_ms FROM turns WHERE session_id = ? ORDER BY id', [id]);
      const transcript: TranscriptEntry[] = transcriptRows.map((entry) => ({
        role: text(entry, 'role') === 'agent' ? 'agent' : 'user',
        text: text(entry, 'text'),
        at: text(entry, 'at'),
        ...(entry.interrupted === null || entry.interrupted === undefined ? {} : { interrupted: Number(entry.interrupted) === 1 }),
      }));
      const turns = turnRows.map((turn) => JSON.parse(text(turn, 'metrics')) as TurnMetrics);
      return {
        ...sessionFrom(row),
        turnCount: turns.length,
        endToEndMs: turnRows.flatMap((turn) => (turn.end_to_end_ms === null ? [] : [Number(turn.end_to_end_ms)])),
        transcript,
        turns,
      };
    });
  }

  async getSessionRecord(id: string): Promise<SessionRecord | null> {
    const row = (await this.db.read((sql) => sql.all(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = ?`, [id])))[0];
    return row ? sessionFrom(row) : null;
  }

  async listSessions(filter: ListSessionsFilter): Promise<SessionRow[]> {
    return this.db.read(async (sql) => {
      const params: SqlValue[] = [];
      const conditions: string[] = [];
      if (filter.tenant !== null) {
        conditions.push('tenant = ?');
        params.push(filter.tenant);
      }
      if (filter.status) {
        conditions.push('status = ?');
        params.push(filter.status);
      }
      const where = conditions.length === 0 ? '1 = 1' : conditions.join(' AND ');
      params.push(filter.limit);
      const rows = await sql.all(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE ${where} ORDER BY started_at DESC, id DESC LIMIT ?`, params);
      const sessions = rows.map(sessionFrom);
      if (sessions.length === 0) return [];
      const ids = sessions.map((session) => session.id);
      const turnRows = await sql.all(
        `SELECT session_id, end_to_end_ms FROM turns WHERE session_id IN (${ids.map(() => '?').join(', ')}) ORDER BY id`,
        ids,
      );
      const bySession = new Map<string, { count: number; latencies: number[] }>();
      for (const row of turnRows) {
        const key = text(row, 'session_id');
        const entry = bySession.get(key) ?? { count: 0, latencies: [] };
        entry.count += 1;
        if (row.end_to_end_ms !== null) entry.latencies.push(Number(row.end_to_end_ms));
        bySession.set(key, entry);
      }
      return sessions.map((session) => {
        const stats = bySession.get(session.id);
        return { ...session, turnCount: stats?.count ?? 0, endToEndMs: stats?.latencies ?? [] };
      });
    });
  }

  async activeSessionInRoom(room: string): Promise<SessionRecord | null> {
    const row = (await this.db.read((sql) => sql.all(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE room = ? AND status = 'active'`, [room])))[0];
    return row ? sessionFrom(row) : null;
  }

  async listActiveSessions(): Promise<SessionRecord[]> {
    const rows = await this.db.read((sql) => sql.all(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE status = 'active' ORDER BY started_at, id`));
    return rows.map(sessionFrom);
  }

  async endSession(id: string, reason: string, endedAt: string): Promise<boolean> {
    const result = await this.db.transaction(async (sql) => {
      await sql.run('DELETE FROM dispatch_queue WHERE session_id = ?', [id]);
      return sql.run("UPDATE sessions SET status = 'ended', ended_at = ?, end_reason = ? WHERE id = ? AND status = 'active'", [endedAt, reason, id]);
    });
    return result.changes > 0;
  }

  async countActiveSessions(tenant: string): Promise<number> {
    const rows = await this.db.read((sql) => sql.all("SELECT COUNT(*) AS n FROM sessions WHERE tenant = ? AND status = 'active'", [tenant]));
    return Number(rows[0]?.n ?? 0);
  }

  async clearDispatchId(id: string, dispatchId: string): Promise<boolean> {
    const result = await this.db.transaction((sql) => sql.run('UPDATE sessions SET dispatch_id = NULL WHERE id = ? AND dispatch_id = ?', [id, dispatchId]));
    return result.changes > 0;
  }

  async enqueueDispatch(entry: Pick<QueueEntry, 'sessionId' | 'tenant' | 'room' | 'enqueuedAt'> & { replacement?: QueuedReplacement }): Promise<void> {
    const { replacement } = entry;
    await this.db.transaction((sql) =>
      sql.run(
        'INSERT INTO dispatch_queue (session_id, tenant, room, enqueued_at, priority, replacement_attempt, lost_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
        [entry.sessionId, entry.tenant, entry.room, entry.enqueuedAt, replacement ? 1 : 0, replacement?.attempt ?? null, replacement?.lostAt ?? null],
      ),
    );
  }

  async listDispatchQueue(): Promise<QueueEntry[]> {
    const rows = await this.db.read((sql) =>
      sql.all(
        `SELECT q.session_id, q.tenant, q.room, q.enqueued_at, q.attempts, q.last_attempt_at, q.replacement_attempt, q.lost_at
         FROM dispatch_queue q JOIN sessions s ON s.id = q.session_id
         WHERE s.status = 'active' ORDER BY q.priority DESC, q.seq`,
      ),
    );
    return rows.map((row) => ({
      sessionId: text(row, 'session_id'),
      tenant: text(row, 'tenant'),
      room: text(row, 'room'),
      enqueuedAt: text(row, 'enqueued_at'),
      attempts: Number(row.attempts),
      lastAttemptAt: nullableText(row, 'last_attempt_at'),
      replacement: nullableText(row, 'replacement_attempt') === null ? null : { attempt: Number(row.replacement_attempt), lostAt: text(row, 'lost_at') },
    }));
  }

  async dequeueDispatch(sessionId: string): Promise<boolean> {
    const result = await this.db.transaction((sql) => sql.run('DELETE FROM dispatch_queue WHERE session_id = ?', [sessionId]));
    return result.changes > 0;
  }

  async recordDispatchAttempt(sessionId: string, at: string): Promise<void> {
    await this.db.transaction((sql) => sql.run('UPDATE dispatch_queue SET attempts = attempts + 1, last_attempt_at = ? WHERE session_id = ?', [at, sessionId]));
  }

  async acquireQueueLease(holder: string, sessionId: string | null, nowMs: number, untilMs: number): Promise<boolean> {
    return this.db.transaction(async (sql) => {
      const inserted = await sql.run('INSERT INTO dispatch_queue_lease (id, holder, session_id, expires_at) VALUES (1, ?, ?, ?) ON CONFLICT DO NOTHING', [holder, sessionId, untilMs]);
      if (inserted.changes > 0) return true;
      // The row lock makes this a compare-and-set: of two instances racing for an expired lease, one wins.
      const taken = await sql.run('UPDATE dispatch_queue_lease SET holder = ?, session_id = ?, expires_at = ? WHERE id = 1 AND (holder = ? OR expires_at <= ?)', [
        holder,
        sessionId,
        untilMs,
        holder,
        nowMs,
      ]);
      return taken.changes > 0;
    });
  }

  async recordAgentLoss(sessionId: string, atMs: number, windowMs: number, max: number): Promise<number | null> {
    return this.db.transaction(async (sql) => {
      // Locks the session row (PostgreSQL), so two instances counting the same loss take turns.
      await sql.run('UPDATE sessions SET status = status WHERE id = ?', [sessionId]);
      const rows = await sql.all('SELECT COUNT(*) AS n FROM agent_losses WHERE session_id = ? AND lost_at > ?', [sessionId, atMs - windowMs]);
      const recent = Number(rows[0]?.n ?? 0);
      if (recent >= max) return null;
      await sql.run('INSERT INTO agent_losses (session_id, lost_at) VALUES (?, ?)', [sessionId, atMs]);
      return recent + 1;
    });
  }

  async releaseQueueLease(holder: string, untilMs: number): Promise<void> {
    await this.db.transaction((sql) => sql.run('UPDATE dispatch_queue_lease SET session_id = NULL, expires_at = ? WHERE id = 1 AND holder = ?', [untilMs, holder]));
  }

  async getQueueLease(): Promise<QueueLease | null> {
    const rows = await this.db.read((sql) => sql.all('SELECT holder, session_id, expires_at FROM dispatch_queue_lease WHERE id = 1'));
    const row = rows[0];
    if (row === undefined) return null;
    return { holder: text(row, 'holder'), sessionId: nullableText(row, 'session_id'), expiresAtMs: Number(row.expires_at) };
  }

  async appendEvents(id: string, events: readonly SessionEvent[]): Promise<AppendResult> {
    return this.db.transaction(async (sql) => {
      // A no-op write that locks the row (PostgreSQL) and fails once an end has committed.
      const active = await sql.run("UPDATE sessions SET status = status WHERE id = ? AND status = 'active'", [id]);
      if (active.changes === 0) throw new SessionNotActiveError(id);
      let applied = 0;
      for (const event of events) applied += (await applyEvent(sql, id, event)) > 0 ? 1 : 0;
      return { applied };
    });
  }
}
