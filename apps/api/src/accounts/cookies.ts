import type { FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'parley_session';

/** The value of one cookie from the Cookie header, or undefined. */
export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}

/** Secure when asked to, or (auto) when the browser reached us over https, directly or through a TLS proxy. */
export function wantsSecureCookie(request: FastifyRequest, setting: 'auto' | 'always' | 'never'): boolean {
  if (setting !== 'auto') return setting === 'always';
  const forwarded = request.headers['x-forwarded-proto'];
  const first = typeof forwarded === 'string' ? forwarded.split(',')[0]?.trim().toLowerCase() : undefined;
  // Trusting the header is safe here: a false "https" only makes the browser stricter.
  return request.protocol === 'https' || first === 'https';
}

/** httpOnly (no script reads it), SameSite=Strict (no cross-site request carries it), whole site. */
export function sessionCookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  return [`${SESSION_COOKIE}=${value}`, 'Path=/', `Max-Age=${maxAgeSeconds}`, 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])].join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', 0, secure);
}
