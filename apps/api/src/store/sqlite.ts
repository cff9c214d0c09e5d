import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { SqlDatabase, SqlExecutor, SqlRow, SqlValue } from './sql.js';

/**
 * SQLite through better-sqlite3. Its calls are synchronous, but store methods are async and may
 * interleave at await points, so every unit of work runs under one in-process lock: a transaction
 * never sees another request's statements.
 */
export function openSqliteDatabase(file: string): SqlDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  // WAL keeps readers cheap and survives crashes; FULL sync makes a commit durable before we answer.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');

  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const executor: SqlExecutor = {
    all: async (sql, params: readonly SqlValue[] = []) => prepare(sql).all(...params) as SqlRow[],
    run: async (sql, params: readonly SqlValue[] = []) => ({ changes: prepare(sql).run(...params).changes }),
  };

  let tail: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const result = tail.then(work, work);
    tail = result.catch(() => undefined);
    return result;
  };

  return {
    kind: 'sqlite',
    transaction: (work) =>
      exclusive(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await work(executor);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        }
      }),
    read: (work) => exclusive(() => work(executor)),
    // BEGIN IMMEDIATE already holds the database's write lock.
    lockForMigration: async () => undefined,
    isUniqueViolation: (error) =>
      error instanceof Error && 'code' in error && (error.code === 'SQLITE_CONSTRAINT_UNIQUE' || error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'),
    close: () => exclusive(async () => void db.close()),
  };
}
