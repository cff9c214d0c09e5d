import { createHash } from 'node:crypto';
import { AccessToken } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import { TEST_KEY, TEST_SECRET } from '../testing/fakes.js';
import { liveKitWebhookVerifier } from './webhooks.js';

/** Signs a body the way livekit-server does: a JWT from the API key whose sha256 claim is the body hash. */
async function sign(body: string, secret = TEST_SECRET): Promise<string> {
  const token = new AccessToken(TEST_KEY, secret);
  token.sha256 = createHash('sha256').update(body).digest('base64');
  return token.toJwt();
}

describe('liveKitWebhookVerifier (real SDK receiver)', () => {
  const verifier = liveKitWebhookVerifier(TEST_KEY, TEST_SECRET);

  it('maps a signed room_finished to the room and when it finished', async () => {
    const body = JSON.stringify({ event: 'room_finished', room: { name: 'desk' }, id: 'EV_1', createdAt: '1767225600' });
    expect(await verifier.verify(body, await sign(body))).toEqual({ kind: 'room-finished', room: 'desk', finishedAt: new Date('2026-01-01T00:00:00.000Z') });
    const undated = JSON.stringify({ event: 'room_finished', room: { name: 'desk' } });
    expect(await verifier.verify(undated, await sign(undated))).toEqual({ kind: 'room-finished', room: 'desk', finishedAt: null });
  });

  it('reports which agent left, and ignores people leaving', async () => {
    const agentLeft = JSON.stringify({ event: 'participant_left', room: { name: 'desk' }, participant: { identity: 'agent-AJ_1', kind: 'AGENT' } });
    expect(await verifier.verify(agentLeft, await sign(agentLeft))).toEqual({ kind: 'agent-left', room: 'desk', identity: 'agent-AJ_1' });
    const userLeft = JSON.stringify({ event: 'participant_left', room: { name: 'desk' }, participant: { identity: 'alice', kind: 'STANDARD' } });
    expect(await verifier.verify(userLeft, await sign(userLeft))).toEqual({ kind: 'ignore', event: 'participant_left' });
  });

  it('rejects a wrong secret, a tampered body and a missing signature', async () => {
    const body = JSON.stringify({ event: 'room_finished', room: { name: 'desk' } });
    await expect(verifier.verify(body, await sign(body, 'another-secret-that-is-long-enough-xx'))).rejects.toThrow();
    await expect(verifier.verify(body.replace('desk', 'other'), await sign(body))).rejects.toThrow();
    await expect(verifier.verify(body, undefined)).rejects.toThrow();
  });
});
