import { createHmac, timingSafeEqual } from 'node:crypto';

/** Agent report tokens are short-lived by contract; refuse anything valid for longer. */
const MAX_LIFETIME_S = 15 * 60;
const CLOCK_SKEW_S = 30;

function decodeJson(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Checks `Authorization: Bearer <JWT>` from an agent worker: HS256 signed with the LiveKit API
 * secret, iss = the LiveKit API key, sub = 'agent', with a short expiry. Returns why it failed, or null.
 */
export function verifyAgentToken(header: string | undefined, apiKey: string, apiSecret: string, nowMs = Date.now()): string | null {
  const match = typeof header === 'string' ? /^Bearer\s+([\w-]+)\.([\w-]+)\.([\w-]+)\s*$/.exec(header) : null;
  if (!match) return 'missing bearer token';
  const [, head, body, signature] = match as unknown as [string, string, string, string];
  const expected = createHmac('sha256', apiSecret).update(`${head}.${body}`).digest();
  const actual = Buffer.from(signature, 'base64url');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return 'bad signature';
  const header_ = decodeJson(head);
  const claims = decodeJson(body);
  if (header_?.alg !== 'HS256' || claims === null) return 'malformed token';
  const now = Math.floor(nowMs / 1000);
  if (claims.iss !== apiKey || claims.sub !== 'agent') return 'wrong issuer or subject';
  if (typeof claims.exp !== 'number' || claims.exp + CLOCK_SKEW_S < now) return 'expired';
  if (claims.exp - now > MAX_LIFETIME_S + CLOCK_SKEW_S) return 'lifetime too long';
  if (typeof claims.nbf === 'number' && claims.nbf - CLOCK_SKEW_S > now) return 'not yet valid';
  return null;
}
