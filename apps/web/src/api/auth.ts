import type { AuthMode, SignedInUser } from '@parley/protocol';
import { ApiRequestError, getJson, postJson } from './client';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

const MODES: readonly AuthMode[] = ['open', 'api-key', 'accounts'];

function isUser(value: unknown): value is SignedInUser {
  return isObject(value) && typeof value.id === 'string' && typeof value.name === 'string' && typeof value.admin === 'boolean';
}

/** How this server lets people in. An API without /api/auth/config predates sign-in: open. */
export async function fetchAuthMode(signal?: AbortSignal): Promise<AuthMode> {
  try {
    const body = await getJson('/auth/config', signal);
    const mode = isObject(body) ? body.mode : undefined;
    return MODES.find((known) => known === mode) ?? 'open';
  } catch (error) {
    if (error instanceof ApiRequestError && error.status === 404) return 'open';
    throw error;
  }
}

/** The signed-in person, or null when the server says 401 (not signed in, or the sign-in expired). */
export async function fetchMe(signal?: AbortSignal): Promise<SignedInUser | null> {
  try {
    const body = await getJson('/auth/me', signal);
    return isObject(body) && isUser(body.user) ? body.user : null;
  } catch (error) {
    if (error instanceof ApiRequestError && error.status === 401) return null;
    throw error;
  }
}

export async function signIn(name: string, password: string): Promise<SignedInUser> {
  const body = await postJson('/auth/sign-in', { name, password });
  if (!isObject(body) || !isUser(body.user)) throw new ApiRequestError('bad-response', 'The sign-in answer has an unexpected shape.');
  return body.user;
}

export async function signOut(): Promise<void> {
  await postJson('/auth/sign-out');
}

export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  await postJson('/auth/password', { currentPassword, newPassword });
}
