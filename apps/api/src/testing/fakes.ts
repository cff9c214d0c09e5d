import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RoomParticipantInfo, SessionDispatchMetadata } from '@parley/protocol';
import type { AppDeps } from '../app.js';
import type { Config } from '../config.js';
import type { AgentProbe, LiveKitProbe, ProbeResult } from '../health.js';
import type { SessionDispatcher } from '../livekit/dispatch.js';
import type { RoomLister } from '../livekit/room-lister.js';
import type { RoomGateway } from '../livekit/rooms.js';
import type { WebhookAction, WebhookVerifier } from '../livekit/webhooks.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/types.js';
import { createTokenMinter } from '../token.js';

export const TEST_KEY = 'testkey';
export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';

export function tempDbFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'parley-db-')), 'parley.db');
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    livekit: {
      url: 'ws://127.0.0.1:7880',
      publicUrl: 'wss://livekit.example.test',
      nodes: [{ url: 'ws://127.0.0.1:7880', publicUrl: 'wss://livekit.example.test' }],
      apiKey: TEST_KEY,
      apiSecret: TEST_SECRET,
    },
    host: '127.0.0.1',
    port: 0,
    agentHealthUrls: ['http://127.0.0.1:8081'],
    tokenTtlSeconds: 600,
    webDist: join(tmpdir(), 'parley-no-such-dist'),
    logLevel: 'silent',
    authMode: 'open',
    signIn: { ttlSeconds: 3600, cookieSecure: 'auto' },
    store: { kind: 'sqlite', file: tempDbFile() },
    corsOrigins: [],
    trustProxy: [],
    allowedHosts: [],
    reconcileIntervalSeconds: 60,
    rateLimitPerMinute: 100_000,
    maxSessionsPerTenant: null,
    // No spacing: tests start sessions back to back and expect each dispatched at once.
    dispatchQueue: { maxLength: 50, maxWaitMs: 300_000, confirmMs: 10_000, retryMs: 5_000, spacingMs: 0 },
    allowedProviders: { llm: ['echo'], stt: ['pocketsphinx'], tts: ['auto', 'festival'] },
    ...overrides,
  };
}

/**
 * LiveKit's dispatch API, in memory: dispatches stay live until cancelled or `endJob`. While
 * `full`, a dispatch gets no job, as LiveKit drops one that finds no worker with a free slot.
 */
export class FakeDispatcher implements SessionDispatcher {
  calls: { room: string; metadata: SessionDispatchMetadata }[] = [];
  /** When each call was made (Date.now()), in the same order. */
  callTimes: number[] = [];
  cancelled: string[] = [];
  ended = new Set<string>();
  /** Dispatches that got a job (an agent). */
  served = new Set<string>();
  full = false;
  /** How long a served dispatch takes to show its agent (a worker starting a job takes 0.3–5 s). */
  jobDelayMs = 0;
  failWith: Error | undefined;

  async dispatch(room: string, metadata: SessionDispatchMetadata) {
    if (this.failWith) throw this.failWith;
    this.calls.push({ room, metadata });
    this.callTimes.push(Date.now());
    const dispatchId = `AD_${this.calls.length}`;
    if (!this.full) {
      if (this.jobDelayMs === 0) this.served.add(dispatchId);
      else setTimeout(() => this.served.add(dispatchId), this.jobDelayMs).unref();
    }
    return { dispatchId };
  }
  async hasAgent(_room: string, dispatchId: string) {
    if (this.failWith) throw this.failWith;
    return this.served.has(dispatchId) && !this.cancelled.includes(dispatchId);
  }
  async isLive(_room: string, dispatchId: string) {
    if (this.failWith) throw this.failWith;
    return !this.cancelled.includes(dispatchId) && !this.ended.has(dispatchId);
  }
  async cancel(_room: string, dispatchId: string) {
    if (this.failWith) throw this.failWith;
    this.cancelled.push(dispatchId);
  }
}

export class FakeRooms implements RoomGateway {
  created: string[] = [];
  participants = new Map<string, RoomParticipantInfo[]>();
  removed: string[] = [];
  failWith: Error | undefined;

  async ensureRoom(name: string) {
    if (this.failWith) throw this.failWith;
    if (!this.created.includes(name)) this.created.push(name);
  }
  async status(name: string) {
    if (this.failWith) throw this.failWith;
    const participants = this.participants.get(name);
    return { live: participants !== undefined, participants: participants ?? [] };
  }
  async removeAgents(name: string) {
    if (this.failWith) throw this.failWith;
    const before = this.participants.get(name) ?? [];
    const kept = before.filter((participant) => participant.kind !== 'agent');
    this.participants.set(name, kept);
    this.removed.push(name);
    return before.length - kept.length;
  }
}

/** LiveKit's room list for reconciliation: rooms and the identities in them; `failWith` = unreachable. */
export class FakeRoomLister implements RoomLister {
  rooms = new Map<string, string[]>();
  failWith: Error | undefined;
  calls = 0;

  async listRooms(names?: string[]) {
    this.calls += 1;
    if (this.failWith) throw this.failWith;
    return [...this.rooms.keys()].filter((name) => names === undefined || names.includes(name));
  }
  async listParticipants(room: string) {
    if (this.failWith) throw this.failWith;
    return this.rooms.get(room) ?? [];
  }
}

/** Accepts bodies signed "valid" (the real verifier is tested against the SDK separately). */
export class FakeWebhooks implements WebhookVerifier {
  async verify(rawBody: string, authorization: string | undefined): Promise<WebhookAction> {
    if (authorization !== 'valid') throw new Error('bad signature');
    const event = JSON.parse(rawBody) as { event: string; room?: string; agent?: boolean; identity?: string; createdAt?: number };
    if (event.event === 'room_finished' && event.room) {
      return { kind: 'room-finished', room: event.room, finishedAt: event.createdAt === undefined ? null : new Date(event.createdAt * 1000) };
    }
    if (event.event === 'participant_left' && event.room && event.agent) return { kind: 'agent-left', room: event.room, identity: event.identity ?? 'agent-AJ_unknown' };
    return { kind: 'ignore', event: event.event };
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
  rooms: FakeRooms;
  lister: FakeRoomLister;
  livekitProbe: FakeLiveKitProbe;
  agentProbe: FakeAgentProbe;
  store: Store;
  deps: AppDeps;
}

/** Fakes for LiveKit only; the store is the real one (SQLite in a temp file unless configured). */
export async function fakeDeps(config: Config): Promise<Fakes> {
  const dispatcher = new FakeDispatcher();
  const rooms = new FakeRooms();
  const lister = new FakeRoomLister();
  const livekitProbe = new FakeLiveKitProbe();
  const agentProbe = new FakeAgentProbe();
  const store = await openStore(config.store);
  return {
    dispatcher,
    rooms,
    lister,
    livekitProbe,
    agentProbe,
    store,
    deps: {
      minter: createTokenMinter({
        apiKey: config.livekit.apiKey,
        apiSecret: config.livekit.apiSecret,
        ttlSeconds: config.tokenTtlSeconds,
      }),
      dispatcher,
      rooms,
      lister,
      webhooks: new FakeWebhooks(),
      livekitProbe,
      agentProbe,
      store,
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
