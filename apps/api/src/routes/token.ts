import { AGENT_NAME, tokenRequestSchema, type TokenResponse } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import type { AgentDispatcher } from '../dispatch.js';
import { HttpError, validationError } from '../errors.js';
import { describeError } from '../redact.js';
import type { TokenMinter } from '../token.js';

export interface TokenRouteOptions {
  minter: TokenMinter;
  dispatcher: AgentDispatcher;
  serverUrl: string;
}

export function registerTokenRoute(app: FastifyInstance, options: TokenRouteOptions): void {
  app.post('/api/token', async (request, reply): Promise<TokenResponse> => {
    const parsed = tokenRequestSchema.safeParse(request.body);
    if (!parsed.success) throw validationError(parsed.error, request.body);
    const { room, identity, name, dispatchAgent } = parsed.data;

    // Dispatch before handing out the token: a user who can join must find the agent coming.
    if (dispatchAgent) {
      try {
        const result = await options.dispatcher.ensureDispatched(room, AGENT_NAME);
        request.log.info({ room, agent: AGENT_NAME, dispatchId: result.dispatchId, created: result.created }, 'agent dispatched');
      } catch (error) {
        request.log.error({ error: describeError(error), room, agent: AGENT_NAME }, 'agent dispatch failed');
        throw new HttpError(502, 'could not dispatch the agent: LiveKit did not accept the request');
      }
    }

    const minted = await options.minter.mint({ room, identity, name });
    request.log.info({ room, identity, dispatchAgent, expiresAt: minted.expiresAt.toISOString() }, 'token issued');
    reply.header('cache-control', 'no-store');
    return {
      serverUrl: options.serverUrl,
      token: minted.token,
      room,
      identity,
      expiresAt: minted.expiresAt.toISOString(),
    };
  });
}
