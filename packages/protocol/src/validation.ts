import { z } from 'zod';

/** Room names end up in URLs, logs and LiveKit; keep them to a safe, readable alphabet. */
export const roomNameSchema = z
  .string({ error: 'room must be a string' })
  .min(1, 'room must not be empty')
  .max(64, 'room must be at most 64 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'room may contain only letters, digits, "-" and "_", and must start with a letter or digit');

export const identitySchema = z
  .string({ error: 'identity must be a string' })
  .min(1, 'identity must not be empty')
  .max(64, 'identity must be at most 64 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.@-]*$/, 'identity may contain only letters, digits, ".", "@", "-" and "_", and must start with a letter or digit');

export const displayNameSchema = z
  .string({ error: 'name must be a string' })
  .trim()
  .min(1, 'name must not be empty')
  .max(80, 'name must be at most 80 characters')
  .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), 'name must not contain control characters');

export const tokenRequestSchema = z
  .object({
    room: roomNameSchema,
    identity: identitySchema,
    name: displayNameSchema.optional(),
    dispatchAgent: z.boolean({ error: 'dispatchAgent must be true or false' }).default(true),
  })
  .strict();

export type TokenRequest = z.infer<typeof tokenRequestSchema>;

export interface TokenResponse {
  serverUrl: string;
  token: string;
  room: string;
  identity: string;
  expiresAt: string;
  /** Present when the request dispatched the agent: the session it belongs to. */
  sessionId?: string;
}

export interface HealthResponse {
  status: 'ok' | 'degraded';
  livekit: { reachable: boolean; url: string; error?: string };
  agent: { registered: boolean; workers: number; error?: string };
  /** Readiness of the API's persistent store. */
  store?: { ready: boolean; kind: 'sqlite' | 'postgres'; error?: string };
}

export interface ApiError {
  error: string;
  details?: { path: string; message: string }[];
}
