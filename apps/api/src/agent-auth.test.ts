import { describe, expect, it } from 'vitest';
import { verifyAgentToken } from './agent-auth.js';
import { agentToken } from './testing/agent-token.js';
import { TEST_KEY, TEST_SECRET } from './testing/fakes.js';

describe('verifyAgentToken', () => {
  const check = (header: string | undefined) => verifyAgentToken(header, TEST_KEY, TEST_SECRET);
  it('accepts a fresh agent token', () => expect(check(`Bearer ${agentToken()}`)).toBeNull());
  it.each([
    ['missing', undefined, /missing/],
    ['not a JWT', 'Bearer abc', /missing/],
    ['alg none', `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"agent"}').toString('base64url')}.x`, /signature/],
    ['wrong secret', `Bearer ${agentToken({}, 'x'.repeat(40))}`, /signature/],
    ['expired', `Bearer ${agentToken({ exp: Math.floor(Date.now() / 1000) - 120 })}`, /expired/],
    ['a day long', `Bearer ${agentToken({ exp: Math.floor(Date.now() / 1000) + 86_400 })}`, /lifetime/],
    ['not yet valid', `Bearer ${agentToken({ nbf: Math.floor(Date.now() / 1000) + 600, exp: Math.floor(Date.now() / 1000) + 700 })}`, /not yet/],
    ['a user subject', `Bearer ${agentToken({ sub: 'alice' })}`, /subject/],
  ])('rejects %s', (_label, header, reason) => expect(check(header)).toMatch(reason));
});
