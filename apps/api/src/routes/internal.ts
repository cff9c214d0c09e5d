import { sessionEventsBodySchema } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import { verifyAgentToken } from '../agent-auth.js';
import { HttpError, validationError } from '../errors.js';
import { sessionIdParam } from '../params.js';
import type { SessionService } from '../sessions.js';

export interface InternalRouteOptions {
  sessions: SessionService;
  apiKey: string;
  apiSecret: string;
}

/** Transcript batches can be long; everything else keeps the small global limit. */
const EVENTS_BODY_LIMIT_BYTES = 512 * 1024;

/** Agent workers report what happened in a session (transcript, per-turn metrics, start/end). */
export function registerInternalRoutes(app: FastifyInstance, options: InternalRouteOptions): void {
  app.post('/api/internal/sessions/:id/events', { bodyLimit: EVENTS_BODY_LIMIT_BYTES }, async (request, reply) => {
    const problem = verifyAgentToken(request.headers.authorization, options.apiKey, options.apiSecret);
    if (problem !== null) {
      request.log.warn({ problem }, 'rejected an agent report');
      throw new HttpError(401, 'agent credentials are not valid');
    }
    const id = sessionIdParam(request.params);
    const parsed = sessionEventsBodySchema.safeParse(request.body);
    if (!parsed.success) throw validationError(parsed.error, request.body);
    const result = await options.sessions.applyAgentEvents(id, parsed.data.events);
    if (result === null) throw new HttpError(404, 'session not found');
    request.log.debug({ sessionId: id, events: parsed.data.events.length, applied: result.applied }, 'agent report stored');
    return reply.status(202).send({ accepted: parsed.data.events.length });
  });
}
