import { z } from 'zod';

/** How the API decides who is calling; the web client asks before showing anything. */
export const AUTH_MODES = ['open', 'api-key', 'accounts'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

/** Sign-in names are compared lower-cased, so "Alice" and "alice" are one account. */
export const userNameSchema = z
  .string({ error: 'name must be a string' })
  .trim()
  .min(1, 'name must not be empty')
  .max(64, 'name must be at most 64 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]*$/, 'name may contain only letters, digits, ".", "@", "-" and "_", and must start with a letter or digit')
  .transform((value) => value.toLowerCase());

/** The upper bound keeps one request from buying seconds of hashing. */
const MAX_PASSWORD_LENGTH = 1024;
export const MIN_PASSWORD_LENGTH = 10;

export const newPasswordSchema = z
  .string({ error: 'password must be a string' })
  .min(MIN_PASSWORD_LENGTH, `password must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `password must be at most ${MAX_PASSWORD_LENGTH} characters`);

const givenPasswordSchema = z
  .string({ error: 'password must be a string' })
  .min(1, 'password must not be empty')
  .max(MAX_PASSWORD_LENGTH, `password must be at most ${MAX_PASSWORD_LENGTH} characters`);

export const signInRequestSchema = z.object({ name: userNameSchema, password: givenPasswordSchema }).strict();
export type SignInRequest = z.infer<typeof signInRequestSchema>;

export const changePasswordRequestSchema = z.object({ currentPassword: givenPasswordSchema, newPassword: newPasswordSchema }).strict();
export type ChangePasswordRequest = z.infer<typeof changePasswordRequestSchema>;

export interface SignedInUser {
  id: string;
  name: string;
  admin: boolean;
}

/** GET /api/auth/config: public, so the page knows whether to show a sign-in screen. */
export interface AuthConfigResponse {
  mode: AuthMode;
}

/** GET /api/auth/me and POST /api/auth/sign-in. */
export interface MeResponse {
  mode: AuthMode;
  user: SignedInUser | null;
}
