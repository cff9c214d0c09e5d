import pg from 'pg';
import type { SqlDatabase, SqlExecutor, SqlRow, SqlValue } from './sql.js';

/** `?` placeholders to `$1, $2, …` (our SQL never has a literal question mark). */
export function toPostgresPlaceholders(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
}

// Any 64-bit number works; it only has to be the same for every Parley API instance.
const MIGRATION_LOCK_ID = 7_340_112_077;

function executorFor(client: pg.PoolClient | pg.Pool): SqlExecutor {
  return {
    all: async (sql, params: readonly SqlValue[] = []) => (await client.query(toPostgresPlaceholders(sql), [...params])).rows as SqlRow[],
    run: async (sql, params: readonly SqlValue[] = []) => ({ changes: (await client.query(toPostgresPlaceholders(sql), [...params])).rowCount ?? 0 }),
  };
}

/** PostgreSQL through a small pg pool; several API instances can share one database. */
export function openPostgresDatabase(connectionString: string, poolSize = 5): SqlDatabase {
  const pool = new pg.Pool({ connectionString, max: poolSize, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection must not crash the API; the next query reconnects.
  pool.on('error', () => undefined);
  return {
    kind: 'postgres',
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(executorFor(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    read: (work) => work(executorFor(pool)),
    lockForMigration: async (sql) => {
      await sql.all('SELECT pg_advisory_xact_lock(?)', [MIGRATION_LOCK_ID]);
    },
    isUniqueViolation: (error) => error instanceof Error && 'code' in error && error.code === '23505',
    close: () => pool.end(),
  };
}
