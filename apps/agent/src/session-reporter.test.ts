import { createHmac } from 'node:crypto';
import { llm } from '@livekit/agents';
import { AGENT_SUPERSEDED_ERROR, type SessionEvent } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { SessionReporter, sessionReport, sessionReporterFor, signAgentToken } from './session-reporter.js';

/** A session report key as the API hands it out (32 bytes, base64url). */
const REPORT_KEY = Buffer.alloc(32, 7).toString('base64url');

interface Call {
  url: string;
  authorization: string;
  events: SessionEvent[];
  at: number;
}

/** A fake API: answers with the queued statuses (then 202), or throws for 'down'. */
function fakeApi(statuses: (number | 'down')[] = []) {
  const calls: Call[] = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    calls.push({ url: String(input), authorization: headers.get('authorization') ?? '', events: (JSON.parse(String(init?.body)) as { events: SessionEvent[] }).events, at: Date.now() });
    const status = statuses.shift() ?? 202;
    if (status === 'down') throw new TypeError('fetch failed: ECONNREFUSED');
    return new Response(null, { status });
  }) as typeof fetch;
  return { calls, fetchImpl };
}

const transcript = (text: string): SessionEvent => ({ type: 'transcript', at: new Date().toISOString(), role: 'user', text });
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function reporter(fetchImpl: typeof fetch, extra: Partial<ConstructorParameters<typeof SessionReporter>[0]> = {}) {
  return new SessionReporter({ apiUrl: 'http://127.0.0.1:8080', sessionId: 'sess-1', reportKey: REPORT_KEY, fetch: fetchImpl, flushDelayMs: 10, initialRetryDelayMs: 20, maxRetryDelayMs: 80, ...extra });
}

describe('SessionReporter', () => {
  it('batches events into one signed request to the session endpoint', async () => {
    const api = fakeApi();
    const r = reporter(api.fetchImpl);
    r.report(transcript('one'));
    r.report(transcript('two'));
    r.report({ type: 'ended', at: new Date().toISOString(), reason: 'done' });
    expect(api.calls).toHaveLength(0); // nothing is sent synchronously
    await wait(60);
    expect(api.calls).toHaveLength(1);
    expect(api.calls[0]?.url).toBe('http://127.0.0.1:8080/api/internal/sessions/sess-1/events');
    expect(api.calls[0]?.events.map((e) => e.type)).toEqual(['transcript', 'transcript', 'ended']);

    const token = api.calls[0]?.authorization.replace(/^Bearer /, '') ?? '';
    const [head, body, signature] = token.split('.');
    // Signed with the session's report key (the API's own kind of credential), for this session only.
    expect(createHmac('sha256', Buffer.from(REPORT_KEY, 'base64url')).update(`${head}.${body}`).digest('base64url')).toBe(signature);
    const claims = JSON.parse(Buffer.from(body ?? '', 'base64url').toString()) as { aud: string; sid: string; exp: number; iat: number };
    expect(claims).toMatchObject({ aud: 'parley:agent-report', sid: 'sess-1' });
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(300);
  });

  it('sends its job id, and on being told another agent has the session stops reporting and says so once', async () => {
    const bodies: unknown[] = [];
    let superseded = 0;
    const fetchImpl = (async (_input: string | URL | Request, init?: RequestInit) => {
      bodies.push(JSON.parse(String(init?.body)));
      return new Response(JSON.stringify({ error: AGENT_SUPERSEDED_ERROR }), { status: 409, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    const r = reporter(fetchImpl, { jobId: 'AJ_2', onSuperseded: () => (superseded += 1) });
    r.report({ type: 'started', at: new Date().toISOString(), room: 'desk', jobId: 'AJ_2' });
    r.report(transcript('hello'));
    await wait(60);
    expect(bodies).toEqual([{ events: [expect.objectContaining({ type: 'started' }), expect.objectContaining({ type: 'transcript' })], jobId: 'AJ_2' }]);
    expect(superseded).toBe(1);
    r.report(transcript('ignored'));
    await wait(60);
    expect(bodies).toHaveLength(1);
    expect(r.pending).toBe(0);
  });

  it('retries with growing back-off until the API is back, keeping order', async () => {
    const api = fakeApi(['down', 503, 'down']);
    const r = reporter(api.fetchImpl);
    r.report(transcript('a'));
    await wait(30);
    r.report(transcript('b'));
    await r.close(2_000);
    expect(r.pending).toBe(0);
    const delivered = api.calls.at(-1)?.events.map((e) => (e.type === 'transcript' ? e.text : e.type));
    expect(delivered).toEqual(['a', 'b']);
    expect(api.calls.length).toBeGreaterThanOrEqual(4);
  });

  it('spaces retries further apart each time', async () => {
    const api = fakeApi(['down', 'down', 'down', 'down']);
    const r = reporter(api.fetchImpl, { initialRetryDelayMs: 20, maxRetryDelayMs: 1_000 });
    r.report(transcript('x'));
    await wait(400);
    const gaps = api.calls.slice(1).map((call, index) => call.at - (api.calls[index]?.at ?? 0));
    expect(gaps.length).toBeGreaterThanOrEqual(3);
    expect(gaps[2] ?? 0).toBeGreaterThan(gaps[0] ?? 0);
    await r.close(500);
  });

  it('drops a batch the API rejects as invalid instead of retrying forever', async () => {
    const warnings: string[] = [];
    const api = fakeApi([400]);
    const r = reporter(api.fetchImpl, { logger: { warn: (_fields, message) => warnings.push(message) } });
    r.report(transcript('bad'));
    await wait(60);
    r.report(transcript('good'));
    await r.close(1_000);
    expect(api.calls.map((c) => c.events.length)).toEqual([1, 1]);
    expect(r.dropped).toBe(1);
    expect(warnings.join()).toMatch(/rejected/);
  });

  it('never throws or blocks when the API is unreachable, and bounds its memory', async () => {
    const api = fakeApi(Array.from({ length: 1000 }, () => 'down' as const));
    const r = reporter(api.fetchImpl, { maxQueue: 10 });
    const started = Date.now();
    for (let i = 0; i < 100; i += 1) r.report(transcript(`t${i}`));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(r.pending).toBe(10);
    expect(r.dropped).toBe(90);
    await r.close(100);
    r.report(transcript('after close'));
    expect(r.pending).toBe(10);
  });

  it('signs tokens that expire soon', () => {
    const token = signAgentToken(REPORT_KEY, 'sess-1', 1_700_000_000_000);
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { exp: number };
    expect(claims.exp).toBe(1_700_000_000 + 120);
  });

  it('is made only for a session that came with its report key and an API URL', () => {
    const logger = { warn: () => undefined };
    expect(sessionReporterFor('sess-1', REPORT_KEY, logger, 'http://127.0.0.1:8080')).toBeInstanceOf(SessionReporter);
    expect(sessionReporterFor('sess-1', null, logger, 'http://127.0.0.1:8080')).toBeNull();
    expect(sessionReporterFor(null, REPORT_KEY, logger, 'http://127.0.0.1:8080')).toBeNull();
    expect(sessionReporterFor('sess-1', REPORT_KEY, logger, '')).toBeNull();
  });
});

describe('sessionReport', () => {
  const recording = (): { reporter: Pick<SessionReporter, 'report'>; events: SessionEvent[] } => {
    const events: SessionEvent[] = [];
    return { reporter: { report: (event: SessionEvent) => events.push(event) }, events };
  };

  it('reports the start, what was said and the end', () => {
    const { reporter, events } = recording();
    const report = sessionReport(reporter, { room: 'desk', jobId: 'AJ_1' }, () => false);
    report.started();
    report.message(llm.ChatMessage.create({ role: 'user', content: ['what time is it'] }));
    report.message(llm.ChatMessage.create({ role: 'system', content: ['be brief'] }));
    report.message(llm.ChatMessage.create({ role: 'assistant', content: ['   '] }));
    report.closed('participant_disconnected');
    expect(events.map((event) => event.type)).toEqual(['started', 'transcript', 'ended']);
    expect(events[1]).toMatchObject({ role: 'user', text: 'what time is it' });
  });

  it("reports no end when the agent's own link to LiveKit is down, so the API sends a replacement", () => {
    const { reporter, events } = recording();
    const report = sessionReport(reporter, { room: 'desk', jobId: 'AJ_1' }, () => true);
    report.started();
    report.closed('error');
    expect(events.map((event) => event.type)).toEqual(['started']);
  });
});
