import { createHmac } from 'node:crypto';
import type { llm } from '@livekit/agents';
import { AGENT_REPORT_AUDIENCE, AGENT_SUPERSEDED_ERROR, type SessionEvent, type TurnMetrics } from '@parley/protocol';

export interface ReporterLogger {
  warn(fields: Record<string, unknown>, message: string): void;
  debug?(fields: Record<string, unknown>, message: string): void;
}

export interface SessionReporterOptions {
  /** Base URL of the Parley API, e.g. http://127.0.0.1:8080 (PARLEY_API_URL). */
  apiUrl: string;
  sessionId: string;
  /**
   * This session's report key from the dispatch metadata: the API trusts reports signed with it,
   * for this session only. A secret: never logged.
   */
  reportKey: string;
  /** This agent's job, sent with each report: the API keeps one agent per session. */
  jobId?: string;
  /** Called once when the API says another agent has this session (this one should leave). */
  onSuperseded?: () => void;
  logger?: ReporterLogger;
  /** Injected in unit tests. */
  fetch?: typeof fetch;
  /** How long events wait to be sent together. */
  flushDelayMs?: number;
  maxBatch?: number;
  /** Events kept while the API is unreachable; the oldest are dropped beyond this. */
  maxQueue?: number;
  initialRetryDelayMs?: number;
  maxRetryDelayMs?: number;
  requestTimeoutMs?: number;
}

const TOKEN_TTL_S = 120;

/** HS256 JWT under the session's report key, aud = agent report, sid = the session, short expiry (the API's contract). */
export function signAgentToken(reportKey: string, sessionId: string, nowMs = Date.now()): string {
  const now = Math.floor(nowMs / 1000);
  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claims = { aud: AGENT_REPORT_AUDIENCE, sid: sessionId, iat: now, nbf: now, exp: now + TOKEN_TTL_S };
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${unsigned}.${createHmac('sha256', Buffer.from(reportKey, 'base64url')).update(unsigned).digest('base64url')}`;
}

/** The `error` of an API error answer; null when the body is not one. */
async function errorOf(response: Response): Promise<string | null> {
  try {
    const body: unknown = await response.json();
    return typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'string' ? body.error : null;
  } catch {
    return null;
  }
}

/** 4xx other than 408/429 means the batch itself is unacceptable: retrying would never succeed. */
function isPermanentFailure(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/**
 * Sends a session's events (transcript, turn metrics, start/end) to the API in batches, retrying
 * with exponential back-off. `report` never throws and never waits: the conversation must not
 * depend on the API being up.
 */
export class SessionReporter {
  readonly #options: Required<Omit<SessionReporterOptions, 'logger' | 'jobId' | 'onSuperseded'>> &
    Pick<SessionReporterOptions, 'jobId' | 'onSuperseded'> & { logger: ReporterLogger | undefined };
  readonly #queue: SessionEvent[] = [];
  readonly #url: string;
  #timer: NodeJS.Timeout | undefined;
  #sending: Promise<void> | undefined;
  #retryDelayMs: number;
  #dropped = 0;
  #closed = false;

  constructor(options: SessionReporterOptions) {
    this.#options = {
      fetch: globalThis.fetch,
      flushDelayMs: 250,
      maxBatch: 50,
      maxQueue: 2000,
      initialRetryDelayMs: 250,
      maxRetryDelayMs: 10_000,
      requestTimeoutMs: 5_000,
      ...options,
      logger: options.logger,
    };
    this.#retryDelayMs = this.#options.initialRetryDelayMs;
    this.#url = new URL(`/api/internal/sessions/${encodeURIComponent(options.sessionId)}/events`, options.apiUrl).toString();
  }

  /** Events waiting to be delivered (for tests and shutdown logs). */
  get pending(): number {
    return this.#queue.length;
  }

  get dropped(): number {
    return this.#dropped;
  }

  report(event: SessionEvent): void {
    if (this.#closed) return;
    this.#queue.push(event);
    if (this.#queue.length > this.#options.maxQueue) {
      const excess = this.#queue.length - this.#options.maxQueue;
      this.#queue.splice(0, excess);
      this.#dropped += excess;
    }
    this.#schedule(this.#options.flushDelayMs);
  }

  /** Sends what is queued, waiting at most `timeoutMs`; later reports are ignored. */
  async close(timeoutMs = 3_000): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const deadline = Date.now() + timeoutMs;
    while (this.#queue.length > 0 && Date.now() < deadline) {
      await this.#sending;
      if (this.#queue.length === 0) break;
      const ok = await this.#sendBatch(Math.max(1, deadline - Date.now()));
      if (!ok) await new Promise((resolve) => setTimeout(resolve, Math.min(this.#retryDelayMs, Math.max(0, deadline - Date.now()))));
    }
    if (this.#queue.length > 0 || this.#dropped > 0) {
      this.#options.logger?.warn({ undelivered: this.#queue.length, dropped: this.#dropped }, 'session events not delivered to the API');
    }
  }

  #schedule(delayMs: number): void {
    if (this.#timer !== undefined || this.#sending !== undefined || this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#sending = this.#flush().finally(() => {
        this.#sending = undefined;
      });
    }, delayMs);
    this.#timer.unref();
  }

  async #flush(): Promise<void> {
    while (this.#queue.length > 0 && !this.#closed) {
      const ok = await this.#sendBatch(this.#options.requestTimeoutMs);
      if (!ok) {
        const delay = this.#retryDelayMs;
        this.#retryDelayMs = Math.min(this.#options.maxRetryDelayMs, this.#retryDelayMs * 2);
        // Jitter keeps many agents from retrying in lockstep after an API restart.
        this.#sending = undefined;
        this.#schedule(delay * (0.75 + Math.random() * 0.5));
        return;
      }
      this.#retryDelayMs = this.#options.initialRetryDelayMs;
    }
  }

  /** Sends the oldest batch; true when it was delivered or permanently rejected (so it is gone). */
  async #sendBatch(timeoutMs: number): Promise<boolean> {
    const batch = this.#queue.slice(0, this.#options.maxBatch);
    if (batch.length === 0) return true;
    try {
      const response = await this.#options.fetch(this.#url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${signAgentToken(this.#options.reportKey, this.#options.sessionId)}`,
        },
        body: JSON.stringify(this.#options.jobId === undefined ? { events: batch } : { events: batch, jobId: this.#options.jobId }),
        signal: AbortSignal.timeout(Math.min(timeoutMs, this.#options.requestTimeoutMs)),
      });
      if (response.status === 409 && (await errorOf(response)) === AGENT_SUPERSEDED_ERROR) {
        // Another agent has this session: nothing this one says will be kept, and it should go.
        this.#dropped += this.#queue.length;
        this.#queue.splice(0);
        this.#closed = true;
        this.#options.logger?.warn({ jobId: this.#options.jobId }, 'the API says another agent has taken over this session');
        this.#options.onSuperseded?.();
        return true;
      }
      await response.body?.cancel().catch(() => undefined);
      if (response.ok || isPermanentFailure(response.status)) {
        this.#queue.splice(0, batch.length);
        if (!response.ok) {
          this.#dropped += batch.length;
          this.#options.logger?.warn({ status: response.status, events: batch.length }, 'API rejected session events; dropped them');
        }
        return true;
      }
      this.#options.logger?.debug?.({ status: response.status }, 'API not ready for session events; will retry');
      return false;
    } catch (error) {
      this.#options.logger?.debug?.({ error: error instanceof Error ? error.message : String(error) }, 'could not reach the API; will retry');
      return false;
    }
  }
}

/**
 * A reporter for this job's session, or null when the job is not an API session (no session id or
 * report key in its dispatch metadata) or no API URL is set.
 */
export function sessionReporterFor(
  sessionId: string | null,
  reportKey: string | null,
  logger: ReporterLogger,
  apiUrl: string | undefined,
  job: Pick<SessionReporterOptions, 'jobId' | 'onSuperseded'> = {},
): SessionReporter | null {
  if (sessionId === null || reportKey === null || apiUrl === undefined || apiUrl === '') return null;
  return new SessionReporter({ apiUrl, sessionId, reportKey, logger, ...job });
}

/** What the conversation pipeline (conversation-pipeline.ts) hands the API report, in a turn's order. */
export interface SessionReport {
  started(): void;
  /** A chat message: what the user and the agent said become transcript lines. */
  message(item: llm.ChatMessage): void;
  /** A finished turn's latency breakdown (measured once, for the room and the API alike). */
  turn(turn: TurnMetrics): void;
  closed(reason: unknown): void;
}

/**
 * Reports the session's start, every transcript line, every turn's metrics and its end. A session
 * that closes because the agent lost its own link to LiveKit reports no end: its people may still
 * be in the room (the agent's cluster node died), and the API replaces an agent that left without
 * one.
 */
export function sessionReport(reporter: Pick<SessionReporter, 'report'>, job: { room: string; jobId: string }, ownLinkDown: () => boolean = () => false): SessionReport {
  return {
    started: () => reporter.report({ type: 'started', at: new Date().toISOString(), room: job.room, jobId: job.jobId }),
    message: (item) => {
      const role = item.role === 'user' ? 'user' : item.role === 'assistant' ? 'agent' : null;
      const text = item.textContent;
      if (role !== null && text !== undefined && text.trim() !== '') {
        reporter.report({ type: 'transcript', at: new Date(item.createdAt).toISOString(), role, text: text.slice(0, 8000), ...(item.interrupted ? { interrupted: true } : {}) });
      }
    },
    turn: (turn) => reporter.report({ type: 'turn', turn }),
    closed: (reason) => {
      if (ownLinkDown()) return;
      reporter.report({ type: 'ended', at: new Date().toISOString(), reason: String(reason).slice(0, 200) || 'closed' });
    },
  };
}
