import { createHmac } from 'node:crypto';
import { TEST_KEY, TEST_SECRET } from './fakes.js';

/** What the agent's reporter sends: HS256 with the LiveKit secret, iss = key, sub = agent. */
export function agentToken(claims: Record<string, unknown> = {}, secret = TEST_SECRET): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const head = encode({ alg: 'HS256', typ: 'JWT' });
  const body = encode({ iss: TEST_KEY, sub: 'agent', iat: now, exp: now + 60, ...claims });
  const signature = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${signature}`;
}
