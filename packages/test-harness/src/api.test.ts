import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestToken } from './api.js';

let server: Server;
let apiUrl: string;
const asked: unknown[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const ask = JSON.parse(body) as { room: string; identity: string };
      asked.push({ method: request.method, url: request.url, type: request.headers['content-type'], ask });
      if (ask.room === 'full') {
        response.writeHead(503).end('no agent free');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ serverUrl: 'ws://livekit', token: `token-for-${ask.identity}`, room: ask.room, identity: ask.identity, expiresAt: 'later' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('requestToken', () => {
  it('posts the request as JSON to /api/token, as the web page does, and returns the token', async () => {
    const issued = await requestToken(apiUrl, { room: 'kitchen', identity: 'tester', dispatchAgent: false });
    expect(issued).toMatchObject({ serverUrl: 'ws://livekit', token: 'token-for-tester' });
    expect(asked.at(-1)).toEqual({ method: 'POST', url: '/api/token', type: 'application/json', ask: { room: 'kitchen', identity: 'tester', dispatchAgent: false } });
  });

  it('says which API refused, with its status and answer', async () => {
    await expect(requestToken(apiUrl, { room: 'full', identity: 'tester' })).rejects.toThrow(`token request to ${apiUrl} failed: 503 no agent free`);
  });
});
