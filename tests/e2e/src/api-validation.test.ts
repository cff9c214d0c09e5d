import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningStack } from '@parley/launcher';
import { startTestStack } from './harness/stack.js';

interface ErrorBody {
  error: string;
  details?: { path: string; message: string }[];
}

describe('token endpoint rejects bad input with a clear 400', () => {
  let stack: RunningStack;
  before(async () => {
    stack = await startTestStack('api-validation');
  });
  after(async () => {
    await stack?.stop();
  });

  const post = async (body: unknown): Promise<{ status: number; body: ErrorBody }> => {
    const response = await fetch(`${stack.apiUrl}/api/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as ErrorBody };
  };

  test('an invalid room name names the field and the rule', async () => {
    const result = await post({ room: 'no spaces/or slashes', identity: 'alice' });
    assert.equal(result.status, 400);
    const detail = result.body.details?.find((item) => item.path === 'room');
    assert.ok(detail, `expected a detail for "room", got ${JSON.stringify(result.body)}`);
    assert.match(detail.message, /letters, digits/);
  });

  test('an invalid identity names the field', async () => {
    const result = await post({ room: 'kitchen', identity: '' });
    assert.equal(result.status, 400);
    assert.ok(result.body.details?.some((item) => item.path === 'identity'), JSON.stringify(result.body));
  });

  test('a valid request still gets a token from the same server', async () => {
    const response = await fetch(`${stack.apiUrl}/api/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ room: 'kitchen', identity: 'alice', dispatchAgent: false }),
    });
    assert.equal(response.status, 200);
    const body = (await response.json()) as { token: string; room: string };
    assert.equal(body.room, 'kitchen');
    assert.match(body.token, /^ey/);
  });
});
