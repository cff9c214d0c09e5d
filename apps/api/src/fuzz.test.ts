import type { SessionSummary } from '@parley/protocol';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentReportToken } from './testing/agent-token.js';
import { jsonRequest, startTestApp, type TestApp } from './testing/app.js';

/**
 * Throws malformed, oversized and hostile input at every endpoint through the real app and the real
 * SQLite store (LiveKit is faked): every answer must be a clean 4xx JSON error (or a success for the
 * rare input that happens to be valid), never a 5xx; the server stays up; seeded rows stay intact.
 */
let test: TestApp;
let dbFile: string;
let seededSession: string;
let seededReportKey: string;
const RUNS = Number(process.env.PARLEY_FUZZ_RUNS ?? 150);

function snapshot(file: string): { integrity: string; rows: Record<string, unknown[]> } {
  const db = new Database(file, { readonly: true });
  try {
    const integrity = String((db.pragma('integrity_check', { simple: true }) as string) ?? '');
    const rows: Record<string, unknown[]> = {};
    for (const table of ['api_keys', 'rooms', 'sessions', 'transcript_entries', 'turns', 'schema_migrations']) {
      rows[table] = db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all();
    }
    return { integrity, rows };
  } finally {
    db.close();
  }
}

const hostileStrings = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '../../etc/passwd', '%', '%zz', '%00', '..%2f..', "'; DROP TABLE sessions; --", '<script>alert(1)</script>', '\u0000', '😀'.repeat(30), 'a'.repeat(5000), '__proto__', 'constructor'),
);

const hostileJson = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.dictionary(fc.constantFrom('room', 'identity', 'name', 'dispatchAgent', 'instructions', 'voice', 'llm', 'stt', 'tts', 'vision', 'events', '__proto__', 'constructor', 'type', 'status'), fc.jsonValue({ maxDepth: 3 })),
  fc.dictionary(fc.constantFrom('room_name', 'room', 'participant_identity', 'participant_name', 'identity', 'name', 'dispatch_agent', 'dispatchAgent', '__proto__'), fc.oneof(hostileStrings, fc.jsonValue({ maxDepth: 2 }))),
  fc.record({ events: fc.array(fc.record({ type: fc.constantFrom('started', 'transcript', 'turn', 'ended', 'x'), at: hostileStrings, text: hostileStrings, role: hostileStrings, turn: fc.jsonValue() }), { maxLength: 5 }) }),
);

const rawBodies = fc.oneof(
  hostileJson.map((value) => JSON.stringify(value)),
  hostileStrings,
  fc.constantFrom('{', '{"room":', 'null', '[]', '{"a":1}'.repeat(3), '\u0000\u0001', '{"__proto__":{"admin":true}}'),
  fc.integer({ min: 17, max: 700 }).map((kib) => JSON.stringify({ room: 'r', identity: 'a', name: 'x'.repeat(kib * 1024) })),
);

const contentTypes = fc.oneof(
  { arbitrary: fc.constant('application/json'), weight: 6 },
  { arbitrary: fc.constant(undefined), weight: 1 },
  fc.constantFrom('application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'application/webhook+json', 'multipart/form-data; boundary=x', 'application/xml'),
);

const printable = fc.string({ maxLength: 60 }).map((value) => value.replace(/[^\x20-\x7e]/g, ''));
const authHeaders = fc.oneof(
  fc.constant(undefined),
  printable.map((value) => `Bearer ${value}`),
  fc.constant(`Bearer ${'a'.repeat(2000)}`),
  fc.constant('Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZ2VudCJ9.'),
);

/** Host, Origin and the request marker: mostly what our own client sends, sometimes hostile. */
const hostHeaders = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 8 },
  fc.constantFrom('evil.example', 'localhost:8080', '[::1]', '127.0.0.1:1', '[zz]:80', 'a:b:c', ':80', 'x'.repeat(300)),
  printable,
);
const originHeaders = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 8 },
  fc.constantFrom('null', 'https://evil.example', 'http://localhost:80', 'http://localhost', 'file://', 'javascript:alert(1)'),
  printable,
);
const markers = fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, fc.constant(false));

function segment(seeded: () => string) {
  return fc.oneof(
    hostileStrings.map((value) => encodeURIComponent(value)),
    fc.constantFrom('%', '%zz', '%00', '..%2f..', '%2e%2e'),
    fc.constant(null).map(() => seeded()),
  );
}

interface Endpoint {
  method: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'PATCH';
  path: (a: string, b: string) => string;
}

const endpoints: Endpoint[] = [
  { method: 'GET', path: () => '/api/health' },
  { method: 'GET', path: () => '/api/openapi.json' },
  { method: 'POST', path: () => '/api/rooms' },
  { method: 'POST', path: () => '/api/token' },
  { method: 'GET', path: (a) => `/api/rooms/${a}` },
  { method: 'POST', path: (a) => `/api/rooms/${a}/sessions` },
  { method: 'DELETE', path: (a, b) => `/api/rooms/${a}/sessions/${b}` },
  { method: 'GET', path: (_a, b) => `/api/sessions?status=${b}&limit=${b}` },
  { method: 'GET', path: (_a, b) => `/api/sessions/${b}` },
  { method: 'POST', path: () => '/api/livekit/webhook' },
  { method: 'POST', path: (_a, b) => `/api/internal/sessions/${b}/events` },
  // The seed clients' aliases (routes/seed-aliases.ts) rename fields on the way in and out.
  { method: 'POST', path: () => '/api/create-room' },
  { method: 'POST', path: () => '/api/generate-token' },
  { method: 'POST', path: () => '/livekit/rooms' },
  { method: 'POST', path: (a) => `/livekit/rooms/${a}/join` },
  { method: 'GET', path: (a) => `/livekit/rooms/${a}/status` },
  { method: 'POST', path: (a) => `/livekit/rooms/${a}/sessions` },
  { method: 'DELETE', path: (a, b) => `/livekit/rooms/${a}/sessions/${b}` },
  { method: 'GET', path: (_a, b) => `/livekit/sessions?status=${b}&limit=${b}` },
  { method: 'GET', path: () => '/livekit/health' },
  { method: 'PUT', path: (a) => `/api/rooms/${a}` },
  { method: 'PATCH', path: () => '/api/token' },
];

describe('fuzz: hostile input at every endpoint', () => {
  let before: ReturnType<typeof snapshot>;

  beforeAll(async () => {
    test = await startTestApp();
    if (test.config.store.kind !== 'sqlite') throw new Error('fuzz test needs the SQLite store');
    dbFile = test.config.store.file;
    const app = test.app;
    // Seed: a room with an ended session, transcript and turns; DELETE with valid ids is never generated for it.
    const started = (await app.inject(jsonRequest('POST', '/api/rooms/seeded/sessions', { instructions: 'seed' }))).json<SessionSummary>();
    seededSession = started.id;
    seededReportKey = test.fakes.dispatcher.calls[0]?.metadata.reportKey ?? '';
    const events = [
      { type: 'transcript', at: new Date().toISOString(), role: 'user', text: 'seeded question' },
      { type: 'transcript', at: new Date().toISOString(), role: 'agent', text: 'seeded answer' },
      { type: 'turn', turn: { turnId: 'seed-1', userSpeechEndedAt: 1, endOfUtteranceMs: 1, transcriptionMs: 1, llmFirstTokenMs: 1, ttsFirstByteMs: 1, endToEndMs: 1 } },
      { type: 'ended', at: new Date().toISOString(), reason: 'seeded' },
    ];
    const res = await app.inject(jsonRequest('POST', `/api/internal/sessions/${seededSession}/events`, { events }, { authorization: `Bearer ${agentReportToken(seededReportKey, seededSession)}` }));
    expect(res.statusCode).toBe(202);
    before = snapshot(dbFile);
    expect(before.integrity).toBe('ok');
  });

  afterAll(async () => {
    await test?.app.close();
  });

  it.each(endpoints.map((endpoint) => [`${endpoint.method} ${endpoint.path(':room', ':id')}`, endpoint] as const))(
    '%s never answers 5xx',
    async (_label, endpoint) => {
      const statuses = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(
          segment(() => 'seeded'),
          segment(() => seededSession),
          fc.option(rawBodies, { nil: undefined }),
          contentTypes,
          authHeaders,
          fc.boolean(),
          fc.record({ host: hostHeaders, origin: originHeaders, marker: markers }),
          async (room, id, body, contentType, authorization, validAgentToken, { host, origin, marker }) => {
            const headers: Record<string, string> = {};
            if (contentType !== undefined) headers['content-type'] = contentType;
            if (host !== undefined) headers.host = host;
            if (origin !== undefined) headers.origin = origin;
            if (marker) headers['x-parley-request'] = '1';
            if (validAgentToken && endpoint.path('', '').includes('/internal/')) headers.authorization = `Bearer ${agentReportToken(seededReportKey, id)}`;
            else if (authorization !== undefined) headers.authorization = authorization;
            const url = endpoint.path(room, id);
            // Never end the seeded session for real: that would be a legitimate change, not corruption.
            if (endpoint.method === 'DELETE' && room === 'seeded' && id === seededSession) return;
            const res = await test.app.inject({ method: endpoint.method, url, headers, ...(body === undefined ? {} : { payload: body }) });
            statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
            expect(res.statusCode, `${endpoint.method} ${url.slice(0, 120)} -> ${res.body.slice(0, 200)}`).toBeLessThan(500);
            if (res.statusCode >= 400) {
              expect(res.headers['content-type']).toMatch(/application\/json/);
              const parsed = res.json<{ error: unknown }>();
              expect(typeof parsed.error).toBe('string');
              // Internal details never leak into an error answer.
              expect(res.body).not.toMatch(/SQLITE|at \w+ \(|node_modules|stack/);
            }
          },
        ),
        { numRuns: RUNS, seed: Number(process.env.PARLEY_FUZZ_SEED ?? 20261122) },
      );
      console.info(`fuzz ${endpoint.method} ${endpoint.path(':room', ':id')}: ${JSON.stringify(Object.fromEntries(statuses))}`);
    },
    120_000,
  );

  it('the server is still up, and every seeded row is intact', async () => {
    expect((await test.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    expect((await test.app.inject(jsonRequest('POST', '/api/token', { room: 'after-fuzz', identity: 'alice' }))).statusCode).toBe(200);
    const after = snapshot(dbFile);
    expect(after.integrity).toBe('ok');
    for (const [table, rows] of Object.entries(before.rows)) {
      // Valid requests the fuzzer stumbles on may add rows; none that existed may change or vanish.
      const afterRows = (after.rows[table] ?? []).map((row) => JSON.stringify(row));
      for (const row of rows) expect(afterRows, `${table} row changed or vanished`).toContain(JSON.stringify(row));
    }
    const detail = (await test.app.inject({ method: 'GET', url: `/api/sessions/${seededSession}` })).json<{ transcript: unknown[]; turns: unknown[]; status: string }>();
    expect(detail.transcript).toHaveLength(2);
    expect(detail.turns).toHaveLength(1);
    expect(detail.status).toBe('ended');
  });
});
