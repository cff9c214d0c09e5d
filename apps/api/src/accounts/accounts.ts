import { createHash, randomBytes } from 'node:crypto';
import type { Store, UserRecord, UserRole } from '../store/types.js';
import { hashPassword, needsRehash, verifyPassword } from './passwords.js';

const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/** The cookie carries 256 random bits; the database keeps only their sha256, so a leaked table signs nobody in. */
export function hashSessionId(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

export interface SignedIn {
  user: UserRecord;
  /** Hash of the cookie value: the key of this sign-in in auth_sessions. */
  sessionIdHash: string;
}

export interface NewSignIn extends SignedIn {
  /** The cookie value; shown to the browser once and never stored. */
  sessionId: string;
  expiresAt: Date;
}

export interface AccountsOptions {
  store: Store;
  ttlSeconds: number;
  now?: () => Date;
}

/** Each user's rooms and sessions live in their own tenant. */
export const tenantOfUser = (userId: string): string => `u-${userId}`;

/** People, their passwords and their cookie sessions. */
export class Accounts {
  readonly #store: Store;
  readonly #ttlMs: number;
  readonly #now: () => Date;
  #dummyHash: Promise<string> | undefined;

  constructor(options: AccountsOptions) {
    this.#store = options.store;
    this.#ttlMs = options.ttlSeconds * 1000;
    this.#now = options.now ?? (() => new Date());
  }

  get ttlSeconds(): number {
    return Math.round(this.#ttlMs / 1000);
  }

  /** Makes the dummy hash ahead of the first sign-in, so even that one takes no longer for an unknown name. */
  async prepare(): Promise<void> {
    await this.#dummy();
  }

  /** Unknown names cost one scrypt too, so timing does not tell which accounts exist. */
  #dummy(): Promise<string> {
    this.#dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
    return this.#dummyHash;
  }

  async createUser(name: string, password: string, role: UserRole): Promise<UserRecord> {
    const id = randomBytes(8).toString('hex');
    const user: UserRecord = { id, name, passwordHash: await hashPassword(password), role, disabled: false, tenant: tenantOfUser(id), createdAt: this.#now().toISOString() };
    await this.#store.createUser(user);
    return user;
  }

  /** Sets a new password and signs the user out everywhere (an admin's reset). */
  async resetPassword(user: UserRecord, password: string): Promise<void> {
    await this.#store.setPasswordHash(user.id, await hashPassword(password));
    await this.#store.deleteAuthSessionsOfUser(user.id);
  }

  async setDisabled(user: UserRecord, disabled: boolean): Promise<void> {
    await this.#store.setUserDisabled(user.id, disabled);
    if (disabled) await this.#store.deleteAuthSessionsOfUser(user.id);
  }

  /** null for an unknown name, a wrong password and a disabled account alike. */
  async signIn(name: string, password: string): Promise<NewSignIn | null> {
    const user = await this.#store.findUserByName(name);
    const matches = await verifyPassword(password, user?.passwordHash ?? (await this.#dummy()));
    if (!user || !matches || user.disabled) return null;
    if (needsRehash(user.passwordHash)) await this.#store.setPasswordHash(user.id, await hashPassword(password));
    const now = this.#now();
    // Housekeeping rides on sign-ins: expired rows are useless and would otherwise pile up.
    await this.#store.deleteExpiredAuthSessions(now.toISOString());
    const sessionId = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + this.#ttlMs);
    const sessionIdHash = hashSessionId(sessionId);
    await this.#store.createAuthSession({ idHash: sessionIdHash, userId: user.id, createdAt: now.toISOString(), expiresAt: expiresAt.toISOString() });
    return { user, sessionId, sessionIdHash, expiresAt };
  }

  /** The signed-in user behind a cookie value, or null when it is unknown, expired or the user is disabled. */
  async resolve(sessionId: string | undefined): Promise<SignedIn | null> {
    if (sessionId === undefined || !SESSION_ID.test(sessionId)) return null;
    const sessionIdHash = hashSessionId(sessionId);
    const session = await this.#store.findAuthSession(sessionIdHash);
    if (!session) return null;
    if (Date.parse(session.expiresAt) <= this.#now().getTime()) {
      await this.#store.deleteAuthSession(sessionIdHash);
      return null;
    }
    const user = await this.#store.getUser(session.userId);
    if (!user || user.disabled) return null;
    return { user, sessionIdHash };
  }

  async signOut(sessionId: string | undefined): Promise<void> {
    if (sessionId !== undefined && SESSION_ID.test(sessionId)) await this.#store.deleteAuthSession(hashSessionId(sessionId));
  }

  /** Needs the current password; keeps this sign-in and ends every other one. */
  async changePassword(signedIn: SignedIn, currentPassword: string, newPassword: string): Promise<boolean> {
    if (!(await verifyPassword(currentPassword, signedIn.user.passwordHash))) return false;
    await this.#store.setPasswordHash(signedIn.user.id, await hashPassword(newPassword));
    await this.#store.deleteAuthSessionsOfUser(signedIn.user.id, signedIn.sessionIdHash);
    return true;
  }
}
