import type { SqlDatabase, SqlRow } from './sql.js';
import { type AuthSessionRecord, UserExistsError, type UserRecord } from './types.js';

const USER_COLUMNS = 'id, name, password_hash, role, disabled, tenant, created_at';

function userFrom(row: SqlRow): UserRecord {
  return {
    id: String(row.id),
    name: String(row.name),
    passwordHash: String(row.password_hash),
    role: row.role === 'admin' ? 'admin' : 'user',
    disabled: Number(row.disabled) === 1,
    tenant: String(row.tenant),
    createdAt: String(row.created_at),
  };
}

function authSessionFrom(row: SqlRow): AuthSessionRecord {
  return { idHash: String(row.id_hash), userId: String(row.user_id), createdAt: String(row.created_at), expiresAt: String(row.expires_at) };
}

/** Users and their sign-in sessions; SqlStore extends this, so both engines share one implementation. */
export class SqlAccounts {
  constructor(protected readonly db: SqlDatabase) {}

  async createUser(record: UserRecord): Promise<void> {
    try {
      await this.db.transaction((sql) =>
        sql.run(`INSERT INTO users (${USER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`, [
          record.id,
          record.name,
          record.passwordHash,
          record.role,
          record.disabled ? 1 : 0,
          record.tenant,
          record.createdAt,
        ]),
      );
    } catch (error) {
      if (this.db.isUniqueViolation(error)) throw new UserExistsError();
      throw error;
    }
  }

  async findUserByName(name: string): Promise<UserRecord | null> {
    const row = (await this.db.read((sql) => sql.all(`SELECT ${USER_COLUMNS} FROM users WHERE name = ?`, [name])))[0];
    return row ? userFrom(row) : null;
  }

  async getUser(id: string): Promise<UserRecord | null> {
    const row = (await this.db.read((sql) => sql.all(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`, [id])))[0];
    return row ? userFrom(row) : null;
  }

  async listUsers(): Promise<UserRecord[]> {
    return (await this.db.read((sql) => sql.all(`SELECT ${USER_COLUMNS} FROM users ORDER BY created_at, name`))).map(userFrom);
  }

  async countUsers(): Promise<number> {
    const row = (await this.db.read((sql) => sql.all('SELECT COUNT(*) AS n FROM users')))[0];
    return Number(row?.n ?? 0);
  }

  async setUserDisabled(id: string, disabled: boolean): Promise<boolean> {
    const result = await this.db.transaction((sql) => sql.run('UPDATE users SET disabled = ? WHERE id = ?', [disabled ? 1 : 0, id]));
    return result.changes > 0;
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<boolean> {
    const result = await this.db.transaction((sql) => sql.run('UPDATE users SET password_hash = ? WHERE id = ?', [passwordHash, id]));
    return result.changes > 0;
  }

  async createAuthSession(record: AuthSessionRecord): Promise<void> {
    await this.db.transaction((sql) =>
      sql.run('INSERT INTO auth_sessions (id_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)', [
        record.idHash,
        record.userId,
        record.createdAt,
        record.expiresAt,
      ]),
    );
  }

  async findAuthSession(idHash: string): Promise<AuthSessionRecord | null> {
    const row = (await this.db.read((sql) => sql.all('SELECT id_hash, user_id, created_at, expires_at FROM auth_sessions WHERE id_hash = ?', [idHash])))[0];
    return row ? authSessionFrom(row) : null;
  }

  async deleteAuthSession(idHash: string): Promise<void> {
    await this.db.transaction((sql) => sql.run('DELETE FROM auth_sessions WHERE id_hash = ?', [idHash]));
  }

  async deleteAuthSessionsOfUser(userId: string, keepIdHash?: string): Promise<number> {
    const result = await this.db.transaction((sql) =>
      keepIdHash === undefined
        ? sql.run('DELETE FROM auth_sessions WHERE user_id = ?', [userId])
        : sql.run('DELETE FROM auth_sessions WHERE user_id = ? AND id_hash <> ?', [userId, keepIdHash]),
    );
    return result.changes;
  }

  /** Timestamps are ISO-8601 in UTC, so text order is time order on both engines. */
  async deleteExpiredAuthSessions(now: string): Promise<number> {
    return (await this.db.transaction((sql) => sql.run('DELETE FROM auth_sessions WHERE expires_at <= ?', [now]))).changes;
  }
}
