import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppDeps } from '../app.js';
import type { Config } from '../config.js';
import type { AgentDispatcher } from '../dispatch.js';
import type { AgentProbe, LiveKitProbe, ProbeResult } from '../health.js';
import { createTokenMinter } from '../token.js';

export const TEST_KEY = 'testkey';
export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    livekit: {
      url: 'ws://127.0.0.1:7880',
      publicUrl: 'wss://livekit.example.test',
      apiKey: TEST_KEY,
      apiSecret: TEST_SECRET,
    },
    host: '127.0.0.1',
    port: 0,
    agentHealthUrls: ['http://127.0.0.1:8081'],
    tokenTtlSeconds: 600,
    webDist: join(tmpdir(), 'parley-no-such-dist'),
    logLevel: 'silent',
    ...overrides,
  };
}

export class FakeDispatcher implements AgentDispatcher {
  calls: { room: string; agentName: string }[] = [];
  failWith: Error | undefined;

  async ensureDispatched(room: string, agentName: string) {
    this.calls.push({ room, agentName });
    if (this.failWith) throw this.failWith;
    return { dispatchId: `AD_${this.calls.length}`, created: true };
  }
}

export class FakeLiveKitProbe implements LiveKitProbe {
  result: ProbeResult = { ok: true };
  async check() {
    return this.result;
  }
}

export class FakeAgentProbe implements AgentProbe {
  results = new Map<string, ProbeResult>();
  async check(url: string) {
    return this.results.get(url) ?? { ok: true };
  }
}

export interface Fakes {
  dispatcher: FakeDispatcher;
  livekitProbe: FakeLiveKitProbe;
  agentProbe: FakeAgentProbe;
  deps: AppDeps;
}

export function fakeDeps(config: Config): Fakes {
  const dispatcher = new FakeDispatcher();
  const livekitProbe = new FakeLiveKitProbe();
  const agentProbe = new FakeAgentProbe();
  return {
    dispatcher,
    livekitProbe,
    agentProbe,
    deps: {
      minter: createTokenMinter({
        apiKey: config.livekit.apiKey,
        apiSecret: config.livekit.apiSecret,
        ttlSeconds: config.tokenTtlSeconds,
      }),
      dispatcher,
      livekitProbe,
      agentProbe,
    },
  };
}

/** A throwaway built web client: index.html plus one hashed asset. */
export function makeWebDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Parley</title><div id="root"></div>');
  writeFileSync(join(dir, 'assets', 'app-abc123.js'), 'console.log("parley");');
  return dir;
}
