import { AGENT_SUPERSEDED_ERROR, sessionEventsBodySchema } from '@parley/protocol';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AgentCredentials } from '../agent-credentials.js';
import { HttpError, validationError } from '../errors.js';
import { sessionIdParam } from '../params.js';
import type { RateLimiter } from '../rate-limit.js';
import { AgentSupersededError, type SessionService } from '../sessions.js';
import { SessionNotActiveError } from '../store/types.js';

export interface InternalRouteOptions {
  sessions: SessionService;
  credentials: AgentCredentials;
  /** Charged per client address for every rejected credential. */
  failureLimiter: RateLimiter;
  /** Charged per session for every authenticated report. */
  sessionLimiter: RateLimiter;
}

/** Transcript batches can be long; everything else keeps the small global limit. */
export const EVENTS_BODY_LIMIT_BYTES = 512 * 1024;
/** A tenant name no session has (TENANT_PATTERN forbids "!"): unknown sessions fail like bad keys. */
const NO_TENANT = '!unknown';

function charge(limiter: RateLimiter, key: string, reply: FastifyReply): void {
  const waitMs = limiter.take(key);
  if (waitMs > 0) {
    reply.header('retry-after', String(Math.ceil(waitMs / 1000)));
    throw new HttpError(429, 'too many agent reports; slow down');
  }
}

/** Agent workers report what happened in a session (transcript, per-turn metrics, start/end). */
export function registerInternalRoutes(app: FastifyInstance, options: InternalRouteOptions): void {
  app.post('/api/internal/sessions/:id/events', { bodyLimit: EVENTS_BODY_LIMIT_BYTES }, async (request, reply) => {
    const id = sessionIdParam(request.params);
    const session = await options.sessions.record(id);
    // Verified even for unknown sessions, so the answer and its timing do not reveal which exist.
    const problem = options.credentials.verify(request.headers.authorization, id, session?.tenant ?? NO_TENANT);
    if (problem !== null || session === null) {
      charge(options.failureLimiter, `ip:${request.ip}`, reply);
      request.log.warn({ problem: problem ?? 'unknown session' }, 'rejected an agent report');
      throw new HttpError(401, 'agent credentials are not valid for this session');
    }
    charge(options.sessionLimiter, `session:${id}`, reply);
    const parsed = sessionEventsBodySchema.safeParse(request.body);
    if (!parsed.success) throw validationError(parsed.error, request.body);
    try {
      const result = await options.sessions.applyAgentEvents(session, parsed.data.events, parsed.data.jobId);
      request.log.debug({ sessionId: id, events: parsed.data.events.length, applied: result.applied }, 'agent report stored');
    } catch (error) {
      if (error instanceof SessionNotActiveError) throw new HttpError(409, 'the session has ended; it accepts no more events');
      if (error instanceof AgentSupersededError) {
        request.log.info({ sessionId: id, jobId: parsed.data.jobId, sessionJobId: error.sessionJobId }, 'refused a report from a second agent of the session');
        throw new HttpError(409, AGENT_SUPERSEDED_ERROR);
      }
      throw error;
    }
    return reply.status(202).send({ accepted: parsed.data.events.length });
  });
}
