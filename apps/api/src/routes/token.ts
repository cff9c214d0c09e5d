import { tokenRequestSchema, type TokenResponse } from '@parley/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { validationError } from '../errors.js';
import type { Guard } from '../guard.js';
import { assertParticipantIdentity } from '../identities.js';
import type { SessionService } from '../sessions.js';
import type { TokenMinter } from '../token.js';

export interface TokenRouteOptions {
  minter: TokenMinter;
  sessions: SessionService;
  guard: Guard;
  /** The LiveKit URL a participant of this room connects to (a live node, in a cluster). */
  serverUrlFor: (room: string) => string;
}

/**
 * Mints a participant token; shared by `/api/token` and the seed aliases. `readBody` gives the body
 * in Parley's shape and is read only after the guard, so 401 and 429 come before 400.
 */
export type TokenHandler = (request: FastifyRequest, reply: FastifyReply, readBody: () => unknown) => Promise<TokenResponse>;

export function tokenHandler(options: TokenRouteOptions): TokenHandler {
  return async (request, reply, readBody) => {
    const caller = await options.guard(request, reply);
    const body = readBody();
    const parsed = tokenRequestSchema.safeParse(body);
    if (!parsed.success) throw validationError(parsed.error, body);
    const { room, identity, name, dispatchAgent } = parsed.data;
    // Before any dispatch: a refused request must not start an agent.
    assertParticipantIdentity(identity);

    // Dispatch before handing out the token: a user who can join must find the agent coming.
    let sessionId: string | undefined;
    if (dispatchAgent) {
      const started = await options.sessions.start(caller.tenant, room, {}, { reuseActive: true, log: request.log });
      sessionId = started.session.id;
    } else {
      await options.sessions.claimRoom(caller.tenant, room);
    }

    const minted = await options.minter.mint({ room, identity, name });
    request.log.info({ room, dispatchAgent, sessionId, expiresAt: minted.expiresAt.toISOString() }, 'token issued');
    reply.header('cache-control', 'no-store');
    return {
      serverUrl: options.serverUrlFor(room),
      token: minted.token,
      room,
      identity,
      expiresAt: minted.expiresAt.toISOString(),
      ...(sessionId === undefined ? {} : { sessionId }),
    };
  };
}

export function registerTokenRoute(app: FastifyInstance, handler: TokenHandler): void {
  app.post('/api/token', (request, reply) => handler(request, reply, () => request.body));
}
