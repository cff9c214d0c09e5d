import { roomNameSchema, sessionIdSchema } from '@parley/protocol';
import { HttpError } from './errors.js';

function paramOf(params: unknown, name: string): unknown {
  return typeof params === 'object' && params !== null ? (params as Record<string, unknown>)[name] : undefined;
}

export function roomParam(params: unknown): string {
  const parsed = roomNameSchema.safeParse(paramOf(params, 'room'));
  if (!parsed.success) throw new HttpError(400, 'invalid request', [{ path: 'room', message: parsed.error.issues[0]?.message ?? 'invalid room' }]);
  return parsed.data;
}

export function sessionIdParam(params: unknown): string {
  const parsed = sessionIdSchema.safeParse(paramOf(params, 'id'));
  if (!parsed.success) throw new HttpError(400, 'invalid request', [{ path: 'id', message: 'session id must be a UUID' }]);
  return parsed.data;
}
