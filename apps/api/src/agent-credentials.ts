import { createHmac, timingSafeEqual } from 'node:crypto';
import { AGENT_REPORT_AUDIENCE } from '@parley/protocol';

/** Report tokens are short-lived by contract; refuse anything valid for longer. */
const MAX_LIFETIME_S = 15 * 60;
const CLOCK_SKEW_S = 30;
/**
 * Domain separation from LiveKit's own tokens (HMAC of `header.payload` under the same secret): this
 * label has spaces, so it can never be the signing input of a JWT, and no LiveKit signature is a key.
 */
const ROOT_LABEL = 'parley agent report keys v1';

function decodeJson(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Agent credentials are their own kind: each session gets a key derived from the LiveKit secret,
 * the session id and its tenant, handed to the agent in the dispatch metadata. A key signs only
 * that session's reports; LiveKit participant tokens (signed with the secret itself) never verify.
 */
export interface AgentCredentials {
  /** The session's report key (base64url), for the dispatch metadata only. */
  keyFor(sessionId: string, tenant: string): string;
  /** Checks `Authorization: Bearer <JWT>` for this session; returns why it failed, or null. */
  verify(header: string | undefined, sessionId: string, tenant: string, nowMs?: number): string | null;
}

export function createAgentCredentials(liveKitSecret: string): AgentCredentials {
  const root = createHmac('sha256', liveKitSecret).update(ROOT_LABEL).digest();
  // NUL cannot occur in a UUID or a tenant name, so (session, tenant) pairs cannot collide.
  const keyBytes = (sessionId: string, tenant: string): Buffer => createHmac('sha256', root).update(`${sessionId}\u0000${tenant}`).digest();
  return {
    keyFor: (sessionId, tenant) => keyBytes(sessionId, tenant).toString('base64url'),
    verify(header, sessionId, tenant, nowMs = Date.now()) {
      const match = typeof header === 'string' ? /^Bearer\s+([\w-]+)\.([\w-]+)\.([\w-]+)\s*$/.exec(header) : null;
      if (!match) return 'missing bearer token';
      const [, head, body, signature] = match as unknown as [string, string, string, string];
      const expected = createHmac('sha256', keyBytes(sessionId, tenant)).update(`${head}.${body}`).digest();
      const actual = Buffer.from(signature, 'base64url');
      if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return 'bad signature';
      const header_ = decodeJson(head);
      const claims = decodeJson(body);
      if (header_?.alg !== 'HS256' || claims === null) return 'malformed token';
      if (claims.aud !== AGENT_REPORT_AUDIENCE || claims.sid !== sessionId) return 'wrong audience or session';
      const now = Math.floor(nowMs / 1000);
      if (typeof claims.exp !== 'number' || claims.exp + CLOCK_SKEW_S < now) return 'expired';
      if (claims.exp - now > MAX_LIFETIME_S + CLOCK_SKEW_S) return 'lifetime too long';
      if (typeof claims.nbf === 'number' && claims.nbf - CLOCK_SKEW_S > now) return 'not yet valid';
      return null;
    },
  };
}
