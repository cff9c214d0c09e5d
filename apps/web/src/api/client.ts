import { type ApiError, type HealthResponse, REQUEST_MARKER_HEADER, type TokenResponse } from '@parley/protocol';

/**
 * Typed calls to the Parley API. The page holds no secret: it only asks the API for a
 * short-lived LiveKit token, and the API dispatches the agent when it mints one.
 */

export type ApiFailureKind =
  /** The request never got an HTTP answer (server down, proxy refused, offline). */
  | 'unreachable'
  /** The API answered with a 4xx/5xx status. */
  | 'http'
  /** The API answered 2xx with a body that does not match the contract. */
  | 'bad-response';

export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';

  constructor(
    readonly kind: ApiFailureKind,
    message: string,
    readonly status?: number,
    readonly details: ApiError['details'] = [],
  ) {
    super(message);
  }
}

export interface TokenRequestBody {
  room: string;
  identity: string;
  name?: string;
  dispatchAgent?: boolean;
}

const API_BASE = '/api';

/**
 * Told about every 401 outside /auth/: the sign-in cookie expired or was revoked, so the page can
 * ask the person to sign in again without tearing down what they are doing (a call goes on).
 */
const unauthorizedListeners = new Set<() => void>();
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => {
    unauthorizedListeners.delete(listener);
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isApiError(value: unknown): value is ApiError {
  return isObject(value) && typeof value.error === 'string';
}

function isTokenResponse(value: unknown): value is TokenResponse {
  return (
    isObject(value) &&
    typeof value.serverUrl === 'string' &&
    typeof value.token === 'string' &&
    typeof value.room === 'string' &&
    typeof value.identity === 'string'
  );
}

function isHealthResponse(value: unknown): value is HealthResponse {
  return isObject(value) && (value.status === 'ok' || value.status === 'degraded');
}

/**
 * Sends one request and returns the parsed JSON body. Non-2xx answers become ApiRequestError,
 * except bodies `acceptOnError` recognises (health reports 503 with a normal body when degraded).
 */
async function request(
  path: string,
  init: RequestInit,
  signal?: AbortSignal,
  acceptOnError?: (body: unknown) => boolean,
): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, {
      ...init,
      signal: signal ?? null,
      // The sign-in cookie (accounts mode) goes with every same-origin call, and nowhere else.
      credentials: 'same-origin',
      // The marker tells the API this is our page, not a cross-site form (it needs it on body-less POST/DELETE).
      headers: { Accept: 'application/json', [REQUEST_MARKER_HEADER]: '1', ...init.headers },
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiRequestError('unreachable', 'Could not reach the Parley API server. Is it running?');
  }

  const text = await response.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }

  if (response.status === 401 && !path.startsWith('/auth/')) {
    for (const listener of unauthorizedListeners) listener();
  }
  if (!response.ok && acceptOnError?.(body)) return body;
  if (!response.ok) {
    if (isApiError(body)) {
      const details = body.details ?? [];
      const detailText = details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join('; ');
      const message = detailText && !body.error.includes(detailText) ? `${body.error} (${detailText})` : body.error;
      throw new ApiRequestError('http', message, response.status, details);
    }
    // A proxy in front of a stopped API server answers 502/503/504 without our JSON shape.
    if (response.status === 502 || response.status === 503 || response.status === 504) {
      throw new ApiRequestError(
        'unreachable',
        `The Parley API server is not reachable (HTTP ${response.status}).`,
        response.status,
      );
    }
    throw new ApiRequestError('http', `The API server answered HTTP ${response.status}.`, response.status);
  }

  if (body === undefined) {
    throw new ApiRequestError('bad-response', 'The API server sent an empty or non-JSON answer.', response.status);
  }
  return body;
}

/** Sends a JSON POST (an empty object when there is no body) and returns the parsed answer, or undefined for 204. */
export async function postJson(path: string, body: unknown = {}, signal?: AbortSignal): Promise<unknown> {
  try {
    return await request(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }, signal);
  } catch (error) {
    // 204 No Content carries no body, which request() reports as a bad response.
    if (error instanceof ApiRequestError && error.kind === 'bad-response' && error.status === 204) return undefined;
    throw error;
  }
}

/** Sends a GET and returns the parsed JSON body (shared with the session history calls). */
export function getJson(path: string, signal?: AbortSignal): Promise<unknown> {
  return request(path, { method: 'GET' }, signal);
}

export async function fetchToken(body: TokenRequestBody, signal?: AbortSignal): Promise<TokenResponse> {
  const result = await request(
    '/token',
    { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) },
    signal,
  );
  if (!isTokenResponse(result)) {
    throw new ApiRequestError('bad-response', 'The API server sent a token answer without serverUrl/token.');
  }
  return result;
}

export async function fetchHealth(signal?: AbortSignal): Promise<HealthResponse> {
  const result = await request('/health', { method: 'GET' }, signal, isHealthResponse);
  if (!isHealthResponse(result)) {
    throw new ApiRequestError('bad-response', 'The API server sent an unexpected health answer.');
  }
  return result;
}
