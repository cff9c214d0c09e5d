import {
  sessionListQuerySchema,
  sessionOptionsSchema,
  type SessionDetail,
  type SessionListResponse,
  type SessionQueueResponse,
  type SessionSummary,
} from '@parley/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readableTenant } from '../auth.js';
import { validationError } from '../errors.js';
import type { Guard } from '../guard.js';
import { roomParam, sessionIdParam } from '../params.js';
import type { SessionService } from '../sessions.js';

export interface SessionRoutesOptions {
  guard: Guard;
  sessions: SessionService;
}

const DEFAULT_LIST_LIMIT = 100;

/**
 * What the session routes do, shared by `/api/…` and the seed aliases (routes/seed-aliases.ts).
 * Rooms and session ids come from the `room` and `id` path parameters.
 */
export interface SessionHandlers {
  /**
   * Starts a session with the options in the body (absent = defaults): 201. With `reuseActive`, a
   * session whose agent is still in the room is answered instead (200) rather than refused (409).
   */
  start(request: FastifyRequest, reply: FastifyReply, mode: { reuseActive: boolean }): Promise<SessionSummary>;
  end(request: FastifyRequest, reply: FastifyReply): Promise<SessionSummary>;
  list(request: FastifyRequest, reply: FastifyReply): Promise<SessionListResponse>;
  get(request: FastifyRequest, reply: FastifyReply): Promise<SessionDetail>;
  /** The session's status and place in the dispatch queue: small, for a waiting page to poll. */
  queue(request: FastifyRequest, reply: FastifyReply): Promise<SessionQueueResponse>;
}

export function sessionHandlers(options: SessionRoutesOptions): SessionHandlers {
  const start = async (request: FastifyRequest, reply: FastifyReply, { reuseActive }: { reuseActive: boolean }): Promise<SessionSummary> => {
    const caller = await options.guard(request, reply);
    const room = roomParam(request.params);
    const body = request.body === undefined ? {} : request.body;
    const parsed = sessionOptionsSchema.safeParse(body);
    if (!parsed.success) throw validationError(parsed.error, body);
    const { session, reused } = await options.sessions.start(caller.tenant, room, parsed.data, { reuseActive, log: request.log });
    reply.status(reused ? 200 : 201).header('cache-control', 'no-store');
    return session;
  };

  const end = async (request: FastifyRequest, reply: FastifyReply): Promise<SessionSummary> => {
    const caller = await options.guard(request, reply);
    const room = roomParam(request.params);
    const id = sessionIdParam(request.params);
    reply.header('cache-control', 'no-store');
    return options.sessions.end(readableTenant(caller), room, id, request.log);
  };

  const list = async (request: FastifyRequest, reply: FastifyReply): Promise<SessionListResponse> => {
    const caller = await options.guard(request, reply);
    const parsed = sessionListQuerySchema.safeParse(request.query ?? {});
    if (!parsed.success) throw validationError(parsed.error, request.query);
    reply.header('cache-control', 'no-store');
    return { sessions: await options.sessions.list(readableTenant(caller), parsed.data.status, parsed.data.limit ?? DEFAULT_LIST_LIMIT) };
  };

  const get = async (request: FastifyRequest, reply: FastifyReply): Promise<SessionDetail> => {
    const caller = await options.guard(request, reply);
    const id = sessionIdParam(request.params);
    reply.header('cache-control', 'no-store');
    return options.sessions.get(readableTenant(caller), id);
  };

  const queue = async (request: FastifyRequest, reply: FastifyReply): Promise<SessionQueueResponse> => {
    const caller = await options.guard(request, reply);
    const id = sessionIdParam(request.params);
    reply.header('cache-control', 'no-store');
    return options.sessions.queueStatus(readableTenant(caller), id);
  };

  return { start, end, list, get, queue };
}

export function registerSessionRoutes(app: FastifyInstance, handlers: SessionHandlers): void {
  app.post('/api/rooms/:room/sessions', (request, reply) => handlers.start(request, reply, { reuseActive: false }));
  app.delete('/api/rooms/:room/sessions/:id', (request, reply) => handlers.end(request, reply));
  app.get('/api/sessions', (request, reply) => handlers.list(request, reply));
  app.get('/api/sessions/:id', (request, reply) => handlers.get(request, reply));
  app.get('/api/sessions/:id/queue', (request, reply) => handlers.queue(request, reply));
}
