import { openPostgresDatabase } from './postgres.js';
import { SqlStore } from './sql-store.js';
import { openSqliteDatabase } from './sqlite.js';
import type { Store } from './types.js';

export type StoreLocation = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

/** Opens the configured store and brings its schema up to date. */
export async function openStore(location: StoreLocation): Promise<Store> {
  const db = location.kind === 'sqlite' ? openSqliteDatabase(location.file) : openPostgresDatabase(location.url);
  const store = new SqlStore(db);
  try {
    await store.migrate();
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  return store;
}
