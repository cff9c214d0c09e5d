import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Authenticator, Caller } from './auth.js';
import { HttpError } from './errors.js';
import type { RateLimiter } from './rate-limit.js';

export type Guard = (request: FastifyRequest, reply: FastifyReply) => Promise<Caller>;

/** Authenticates the caller, then charges its rate bucket (failed logins charge the client address). */
export function createGuard(authenticator: Authenticator, limiter: RateLimiter): Guard {
  const charge = (key: string, reply: FastifyReply): void => {
    const waitMs = limiter.take(key);
    if (waitMs > 0) {
      reply.header('retry-after', String(Math.ceil(waitMs / 1000)));
      throw new HttpError(429, 'too many requests; slow down');
    }
  };
  return async (request, reply) => {
    let caller: Caller;
    try {
      caller = await authenticator.authenticate(request);
    } catch (error) {
      charge(`ip:${request.ip}`, reply);
      throw error;
    }
    charge(caller.rateKey, reply);
    return caller;
  };
}
