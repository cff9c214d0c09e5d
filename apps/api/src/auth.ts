import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Accounts } from './accounts/accounts.js';
import { readCookie, SESSION_COOKIE } from './accounts/cookies.js';
import type { AuthMode } from './config.js';
import { HttpError } from './errors.js';
import { describeError } from './redact.js';
import type { Store } from './store/types.js';

/** Who is calling: every room and session belongs to exactly one tenant. */
export interface Caller {
  tenant: string;
  /** Bucket for rate limiting: the API key when there is one, the client address otherwise. */
  rateKey: string;
  /** A signed-in admin reads every tenant's rooms and sessions. */
  admin: boolean;
}

/** The tenant whose records the caller may read; null means all of them (an admin). */
export const readableTenant = (caller: Caller): string | null => (caller.admin ? null : caller.tenant);

export const OPEN_MODE_TENANT = 'local';
/** `keys list` shows the last use to the minute; recording it more often would only add writes. */
const LAST_USED_RESOLUTION_MS = 60_000;
const KEY_PATTERN = /^pk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
export const TENANT_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export interface NewApiKey {
  keyId: string;
  /** The full key to hand to the user once: `pk_<keyId>_<secret>`. */
  key: string;
  secretHash: string;
}

/** The secret is 256 random bits, so a plain sha256 is enough (no password stretching needed). */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function generateApiKey(): NewApiKey {
  const keyId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { keyId, key: `pk_${keyId}_${secret}`, secretHash: hashSecret(secret) };
}

export function parseApiKey(value: string): { keyId: string; secret: string } | null {
  const match = KEY_PATTERN.exec(value);
  return match?.[1] && match[2] ? { keyId: match[1], secret: match[2] } : null;
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

const unauthorized = (): HttpError => new HttpError(401, 'a valid API key is required: Authorization: Bearer pk_…');

export interface Authenticator {
  authenticate(request: FastifyRequest): Promise<Caller>;
}

const signInRequired = (): HttpError => new HttpError(401, 'sign in required');

export function createAuthenticator(mode: AuthMode, store: Store, accounts?: Accounts): Authenticator {
  if (mode === 'open') {
    return { authenticate: async (request) => ({ tenant: OPEN_MODE_TENANT, rateKey: `ip:${request.ip}`, admin: false }) };
  }
  const byApiKey = async (request: FastifyRequest): Promise<Caller> => {
    const token = bearer(request);
    const parsed = token === undefined ? null : parseApiKey(token);
    if (parsed === null) throw unauthorized();
    const record = await store.findApiKey(parsed.keyId);
    const expected = Buffer.from(record?.secretHash ?? hashSecret('no-such-key'), 'hex');
    const actual = Buffer.from(hashSecret(parsed.secret), 'hex');
    // Compare even for unknown keys so timing does not tell which key ids exist.
    const matches = expected.length === actual.length && timingSafeEqual(expected, actual);
    if (!record || !matches || record.revokedAt !== null) throw unauthorized();
    const now = Date.now();
    const staleBefore = new Date(now - LAST_USED_RESOLUTION_MS).toISOString();
    // At most one write a minute per key; a failed write must not fail the request it describes.
    if (record.lastUsedAt === null || record.lastUsedAt < staleBefore) {
      await store
        .touchApiKey(record.keyId, new Date(now).toISOString(), staleBefore)
        .catch((error: unknown) => request.log.warn({ error: describeError(error), keyId: record.keyId }, 'could not record the API key\'s last use'));
    }
    return { tenant: record.tenant, rateKey: `key:${record.keyId}`, admin: false };
  };
  if (mode === 'api-key') return { authenticate: byApiKey };
  if (!accounts) throw new Error('accounts mode needs the accounts service');
  return {
    async authenticate(request) {
      // Programs keep using API keys; people come with the sign-in cookie.
      if (request.headers.authorization !== undefined) return byApiKey(request);
      const signedIn = await accounts.resolve(readCookie(request, SESSION_COOKIE));
      if (!signedIn) throw signInRequired();
      return { tenant: signedIn.user.tenant, rateKey: `user:${signedIn.user.id}`, admin: signedIn.user.role === 'admin' };
    },
  };
}
