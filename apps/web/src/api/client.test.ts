import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchToken, getJson } from './client';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('API requests', () => {
  it('mark every call as coming from the Parley page, so the API does not take it for a cross-site request', async () => {
    const seen: Headers[] = [];
    vi.stubGlobal('fetch', async (_input: string, init?: RequestInit) => {
      seen.push(new Headers(init?.headers));
      return new Response(JSON.stringify({ serverUrl: 'ws://x', token: 't', room: 'r', identity: 'i', expiresAt: '', sessions: [] }), { status: 200 });
    });
    await fetchToken({ room: 'r', identity: 'i' });
    await getJson('/sessions');
    expect(seen.map((headers) => headers.get('x-parley-request'))).toEqual(['1', '1']);
    expect(seen[0]?.get('content-type')).toBe('application/json');
  });
});
