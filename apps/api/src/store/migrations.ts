import type { SqlDatabase } from './sql.js';
import type { StoreKind } from './types.js';

interface Migration {
  version: number;
  name: string;
  statements: (kind: StoreKind) => string[];
}

const serialPrimaryKey = (kind: StoreKind): string => (kind === 'sqlite' ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'BIGSERIAL PRIMARY KEY');
const float = (kind: StoreKind): string => (kind === 'sqlite' ? 'REAL' : 'DOUBLE PRECISION');

/** Append only: a released migration never changes, a new one gets the next version. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'api keys, rooms, sessions, transcripts, turns',
    statements: (kind) => [
      `CREATE TABLE api_keys (
        key_id TEXT PRIMARY KEY,
        tenant TEXT NOT NULL,
        secret_hash TEXT NOT NULL,
        created_at TEXT NOT NULL
      )`,
      `CREATE TABLE rooms (
        name TEXT PRIMARY KEY,
        tenant TEXT NOT NULL,
        created_at TEXT NOT NULL
      )`,
      `CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        tenant TEXT NOT NULL,
        room TEXT NOT NULL REFERENCES rooms(name),
        status TEXT NOT NULL CHECK (status IN ('active', 'ended')),
        options TEXT NOT NULL,
        dispatch_id TEXT,
        job_id TEXT,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        end_reason TEXT
      )`,
      // One live agent session per room: the store, not a race in the API, enforces it.
      `CREATE UNIQUE INDEX sessions_one_active_per_room ON sessions (room) WHERE status = 'active'`,
      `CREATE INDEX sessions_by_tenant ON sessions (tenant, started_at)`,
      `CREATE TABLE transcript_entries (
        id ${serialPrimaryKey(kind)},
        session_id TEXT NOT NULL REFERENCES sessions(id),
        role TEXT NOT NULL CHECK (role IN ('user', 'agent')),
        text TEXT NOT NULL,
        at TEXT NOT NULL,
        interrupted SMALLINT,
        entry_hash TEXT NOT NULL,
        UNIQUE (session_id, entry_hash)
      )`,
      `CREATE TABLE turns (
        id ${serialPrimaryKey(kind)},
        session_id TEXT NOT NULL REFERENCES sessions(id),
        turn_id TEXT NOT NULL,
        metrics TEXT NOT NULL,
        end_to_end_ms ${float(kind)},
        UNIQUE (session_id, turn_id)
      )`,
    ],
  },
  {
    version: 2,
    name: 'api key last use and revocation',
    statements: () => ['ALTER TABLE api_keys ADD COLUMN last_used_at TEXT', 'ALTER TABLE api_keys ADD COLUMN revoked_at TEXT'],
  },
  {
    version: 3,
    name: 'users and their sign-in sessions',
    statements: () => [
      `CREATE TABLE users (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'user')),
        disabled SMALLINT NOT NULL DEFAULT 0,
        tenant TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
      )`,
      `CREATE TABLE auth_sessions (
        id_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      )`,
      `CREATE INDEX auth_sessions_by_user ON auth_sessions (user_id)`,
      `CREATE INDEX auth_sessions_by_expiry ON auth_sessions (expires_at)`,
    ],
  },
  {
    version: 4,
    name: 'dispatch queue',
    // Sessions waiting for an agent slot, in arrival order (seq); a row lives only while its session is active.
    statements: (kind) => [
      `CREATE TABLE dispatch_queue (
        seq ${serialPrimaryKey(kind)},
        session_id TEXT NOT NULL UNIQUE REFERENCES sessions(id),
        tenant TEXT NOT NULL,
        room TEXT NOT NULL,
        enqueued_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_attempt_at TEXT
      )`,
    ],
  },
  {
    version: 5,
    name: 'dispatch queue lease and replacements',
    statements: () => [
      // One row (id 1): which API instance may dispatch the head of the queue, and until when (ms since the epoch).
      `CREATE TABLE dispatch_queue_lease (
        id INTEGER PRIMARY KEY,
        holder TEXT NOT NULL,
        session_id TEXT,
        expires_at BIGINT NOT NULL
      )`,
      // A session whose agent died waits ahead of new ones, and its dispatch carries the conversation so far.
      'ALTER TABLE dispatch_queue ADD COLUMN priority INTEGER NOT NULL DEFAULT 0',
      'ALTER TABLE dispatch_queue ADD COLUMN replacement_attempt INTEGER',
      'ALTER TABLE dispatch_queue ADD COLUMN lost_at TEXT',
      // Each agent a session lost: bounds its replacements across every API instance.
      `CREATE TABLE agent_losses (
        session_id TEXT NOT NULL REFERENCES sessions(id),
        lost_at BIGINT NOT NULL
      )`,
      'CREATE INDEX agent_losses_session ON agent_losses (session_id, lost_at)',
    ],
  },
];

/** Applies pending migrations in one transaction, holding a lock so concurrent API instances agree. */
export async function runMigrations(db: SqlDatabase): Promise<number[]> {
  return db.transaction(async (sql) => {
    await db.lockForMigration(sql);
    await sql.run('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const rows = await sql.all('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((row) => Number(row.version)));
    const newlyApplied: number[] = [];
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      for (const statement of migration.statements(db.kind)) await sql.run(statement);
      await sql.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        migration.version,
        migration.name,
        new Date().toISOString(),
      ]);
      newlyApplied.push(migration.version);
    }
    return newlyApplied;
  });
}
