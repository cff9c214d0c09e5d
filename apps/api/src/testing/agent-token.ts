import { createHmac } from 'node:crypto';
import { AGENT_REPORT_AUDIENCE } from '@parley/protocol';

/** What the agent's reporter sends: HS256 with the session's report key, aud = agent report, sid = session. */
export function agentReportToken(reportKey: string, sessionId: string, claims: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const head = encode({ alg: 'HS256', typ: 'JWT' });
  const body = encode({ aud: AGENT_REPORT_AUDIENCE, sid: sessionId, iat: now, nbf: now, exp: now + 60, ...claims });
  const signature = createHmac('sha256', Buffer.from(reportKey, 'base64url')).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${signature}`;
}
