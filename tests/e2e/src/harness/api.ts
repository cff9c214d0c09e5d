import type { RunningStack } from '@parley/launcher';
import { REQUEST_MARKER_HEADER } from '@parley/protocol';

/** Calls the stack's API as the web page does (JSON in, JSON out). */
export async function api<T>(stack: RunningStack, method: string, url: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${stack.apiUrl}${url}`, {
    method,
    // A body-less POST/DELETE needs the marker header (the API's cross-site request guard), as from the web page.
    headers: body === undefined ? { [REQUEST_MARKER_HEADER]: '1' } : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as T };
}
