import type { TurnMetrics } from '@parley/protocol';
import { ApiRequestError, getJson } from './client';

/** Session records as the API serves them (contract fixed by the lead, issue 3). */
export interface SessionSummary {
  id: string;
  room: string;
  status: 'active' | 'ended';
  startedAt: string;
  endedAt: string | null;
  endReason: string | null;
  turnCount: number;
  latency: { p50Ms: number; p95Ms: number } | null;
}

export interface TranscriptLine {
  role: 'user' | 'agent';
  text: string;
  at: string;
  interrupted?: boolean;
}

export interface SessionDetail extends SessionSummary {
  options: Record<string, unknown>;
  transcript: TranscriptLine[];
  turns: TurnMetrics[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function isSessionSummary(value: unknown): value is SessionSummary {
  if (!isObject(value)) return false;
  const latency = value.latency;
  return (
    typeof value.id === 'string' &&
    typeof value.room === 'string' &&
    (value.status === 'active' || value.status === 'ended') &&
    typeof value.startedAt === 'string' &&
    (value.endedAt === null || typeof value.endedAt === 'string') &&
    typeof value.turnCount === 'number' &&
    (latency === null || (isObject(latency) && typeof latency.p50Ms === 'number' && typeof latency.p95Ms === 'number'))
  );
}

function isTranscriptLine(value: unknown): value is TranscriptLine {
  return isObject(value) && (value.role === 'user' || value.role === 'agent') && typeof value.text === 'string' && typeof value.at === 'string';
}

function isTurn(value: unknown): value is TurnMetrics {
  return isObject(value) && typeof value.turnId === 'string';
}

export function isSessionDetail(value: unknown): value is SessionDetail {
  return (
    isSessionSummary(value) &&
    isObject(value) &&
    Array.isArray((value as Record<string, unknown>).transcript) &&
    ((value as Record<string, unknown>).transcript as unknown[]).every(isTranscriptLine) &&
    Array.isArray((value as Record<string, unknown>).turns) &&
    ((value as Record<string, unknown>).turns as unknown[]).every(isTurn)
  );
}

/** Why the history could not be shown, in words a person can act on. */
export type HistoryProblem = { kind: 'not-available' } | { kind: 'not-found' } | { kind: 'failed'; message: string };

/** The API's answer for a route it does not have (as opposed to a session it does not know). */
function isMissingRoute(error: ApiRequestError): boolean {
  return error.status === 501 || (error.status === 404 && /no such API route/i.test(error.message));
}

export function historyProblem(error: unknown, what: 'list' | 'session' = 'list'): HistoryProblem {
  if (error instanceof ApiRequestError) {
    if (error.kind === 'http' && isMissingRoute(error)) return { kind: 'not-available' };
    if (error.kind === 'http' && error.status === 404) return what === 'list' ? { kind: 'not-available' } : { kind: 'not-found' };
    return { kind: 'failed', message: error.message };
  }
  return { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
}

export async function fetchSessions(signal?: AbortSignal): Promise<SessionSummary[]> {
  const body = await getJson('/sessions', signal);
  if (!isObject(body) || !Array.isArray(body.sessions)) {
    throw new ApiRequestError('bad-response', 'The session list has an unexpected shape.');
  }
  return body.sessions.filter(isSessionSummary);
}

export async function fetchSession(id: string, signal?: AbortSignal): Promise<SessionDetail> {
  const body = await getJson(`/sessions/${encodeURIComponent(id)}`, signal);
  if (!isSessionDetail(body)) throw new ApiRequestError('bad-response', 'The session record has an unexpected shape.');
  return body;
}
