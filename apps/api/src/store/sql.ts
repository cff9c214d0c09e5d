import type { StoreKind } from './types.js';

export type SqlValue = string | number | null;
export type SqlRow = Record<string, unknown>;

/** Runs statements written with `?` placeholders; each dialect maps them to its own syntax. */
export interface SqlExecutor {
  all(sql: string, params?: readonly SqlValue[]): Promise<SqlRow[]>;
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
}

/** The few things the SQL store needs from an engine. */
export interface SqlDatabase {
  readonly kind: StoreKind;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (sql: SqlExecutor) => Promise<T>): Promise<T>;
  /** Runs read-only statements (no transaction needed). */
  read<T>(work: (sql: SqlExecutor) => Promise<T>): Promise<T>;
  /** Serialises migrations across processes sharing the database (inside a transaction). */
  lockForMigration(sql: SqlExecutor): Promise<void>;
  isUniqueViolation(error: unknown): boolean;
  close(): Promise<void>;
}
