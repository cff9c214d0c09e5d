import { randomUUID } from 'node:crypto';
import { AccessToken } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import { createAgentCredentials } from './agent-credentials.js';
import { agentReportToken } from './testing/agent-token.js';
import { TEST_KEY, TEST_SECRET } from './testing/fakes.js';

describe('agent credentials', () => {
  const credentials = createAgentCredentials(TEST_SECRET);
  const session = randomUUID();
  const key = credentials.keyFor(session, 'acme');
  const check = (header: string | undefined, id = session, tenant = 'acme') => credentials.verify(header, id, tenant);
  const now = Math.floor(Date.now() / 1000);

  it('derives a different key per session, per tenant and per LiveKit secret', () => {
    expect(key).toMatch(/^[\w-]{43}$/);
    expect(credentials.keyFor(randomUUID(), 'acme')).not.toBe(key);
    expect(credentials.keyFor(session, 'globex')).not.toBe(key);
    expect(createAgentCredentials(`${TEST_SECRET}x`).keyFor(session, 'acme')).not.toBe(key);
  });

  it('accepts a fresh report token for its session', () => expect(check(`Bearer ${agentReportToken(key, session)}`)).toBeNull());

  it.each([
    ['missing', undefined, /missing/],
    ['not a JWT', 'Bearer abc', /missing/],
    ['alg none', `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sid":"x"}').toString('base64url')}.x`, /signature/],
    ['signed with the LiveKit secret', `Bearer ${agentReportToken(Buffer.from(TEST_SECRET).toString('base64url'), session)}`, /signature/],
    ['expired', `Bearer ${agentReportToken(key, session, { exp: now - 120 })}`, /expired/],
    ['a day long', `Bearer ${agentReportToken(key, session, { exp: now + 86_400 })}`, /lifetime/],
    ['not yet valid', `Bearer ${agentReportToken(key, session, { nbf: now + 600, exp: now + 700 })}`, /not yet/],
    ['another audience', `Bearer ${agentReportToken(key, session, { aud: 'livekit' })}`, /audience/],
    ['another session in the claims', `Bearer ${agentReportToken(key, randomUUID())}`, /session/],
  ])('rejects %s', (_label, header, reason) => expect(check(header)).toMatch(reason));

  it('rejects a key used for another session or tenant', () => {
    expect(check(`Bearer ${agentReportToken(key, session)}`, session, 'globex')).toMatch(/signature/);
    const other = randomUUID();
    expect(check(`Bearer ${agentReportToken(key, other)}`, other)).toMatch(/signature/);
  });

  it('rejects a LiveKit participant token, whatever its identity', async () => {
    const participant = await new AccessToken(TEST_KEY, TEST_SECRET, { identity: 'agent', ttl: 600 }).toJwt();
    expect(check(`Bearer ${participant}`)).toMatch(/signature/);
  });
});
