import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { httpAgentProbe, liveKitRoomServiceProbe } from './health.js';

let server: Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A stand-in agent worker health server. */
async function worker(rootStatus: number, agentName = 'parley-agent', hang = false): Promise<string> {
  server = createServer((req, res) => {
    if (hang) return;
    if (req.url === '/worker') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ agent_name: agentName, active_jobs: 0 }));
      return;
    }
    res.statusCode = rootStatus;
    res.end(rootStatus === 200 ? 'OK' : 'not registered');
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server?.address() as AddressInfo).port}`;
}

describe('httpAgentProbe', () => {
  it('is ok for a registered worker with the right agent name', async () => {
    const url = await worker(200);
    expect(await httpAgentProbe(1000).check(url)).toEqual({ ok: true });
  });

  it('fails when the worker is not registered', async () => {
    const url = await worker(503);
    const result = await httpAgentProbe(1000).check(url);
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/HTTP 503/);
  });

  it('fails when the worker registered under another agent name', async () => {
    const url = await worker(200, 'other-agent');
    const result = await httpAgentProbe(1000).check(url);
    expect(result).toEqual({ ok: false, error: `${url} is registered as "other-agent", expected "parley-agent"` });
  });

  it('times out on a hung worker', async () => {
    const url = await worker(200, 'parley-agent', true);
    const started = Date.now();
    const result = await httpAgentProbe(200).check(url);
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/timed out/);
    expect(Date.now() - started).toBeLessThan(2000);
    server?.closeAllConnections();
  });

  it('fails for a worker that is not listening', async () => {
    const result = await httpAgentProbe(500).check('http://127.0.0.1:9');
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/unreachable/);
  });
});

describe('liveKitRoomServiceProbe', () => {
  it('reports an unreachable LiveKit quickly', async () => {
    const started = Date.now();
    const result = await liveKitRoomServiceProbe('ws://127.0.0.1:9', 'k', 's', 1000).check();
    expect(result.ok).toBe(false);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('checkHealth', () => {
  it('never repeats a JWT that LiveKit echoed in an error', async () => {
    const { checkHealth } = await import('./health.js');
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJ2aWRlbyI6e30.c2lnbmF0dXJl';
    const report = await checkHealth(
      {
        livekit: { check: () => Promise.reject(new Error(`invalid token: ${jwt}, error: signature is invalid`)) },
        agent: { check: async () => ({ ok: true }) },
      },
      'ws://lk',
      ['http://a'],
    );
    expect(report.body.livekit.error).toBe('invalid token: [token redacted], error: signature is invalid');
  });
});
