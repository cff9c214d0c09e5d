import { tokenRequestSchema, type TokenResponse } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import { validationError } from '../errors.js';
import type { Guard } from '../guard.js';
import { assertParticipantIdentity } from '../identities.js';
import type { SessionService } from '../sessions.js';
import type { TokenMinter } from '../token.js';

export interface TokenRouteOptions {
  minter: TokenMinter;
  sessions: SessionService;
  guard: Guard;
  serverUrl: string;
}

export function registerTokenRoute(app: FastifyInstance, options: TokenRouteOptions): void {
  app.post('/api/token', async (request, reply): Promise<TokenResponse> => {
    const caller = await options.guard(request, reply);
    const parsed = tokenRequestSchema.safeParse(request.body);
    if (!parsed.success) throw validationError(parsed.error, request.body);
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
      serverUrl: options.serverUrl,
      token: minted.token,
      room,
      identity,
      expiresAt: minted.expiresAt.toISOString(),
      ...(sessionId === undefined ? {} : { sessionId }),
    };
  });
}
