import { sessionListQuerySchema, sessionOptionsSchema, type SessionDetail, type SessionListResponse, type SessionSummary } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
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

export function registerSessionRoutes(app: FastifyInstance, options: SessionRoutesOptions): void {
  app.post('/api/rooms/:room/sessions', async (request, reply): Promise<SessionSummary> => {
    const caller = await options.guard(request, reply);
    const room = roomParam(request.params);
    const body = request.body === undefined ? {} : request.body;
    const parsed = sessionOptionsSchema.safeParse(body);
    if (!parsed.success) throw validationError(parsed.error, body);
    const { session } = await options.sessions.start(caller.tenant, room, parsed.data, { reuseActive: false, log: request.log });
    reply.status(201).header('cache-control', 'no-store');
    return session;
  });

  app.delete('/api/rooms/:room/sessions/:id', async (request, reply): Promise<SessionSummary> => {
    const caller = await options.guard(request, reply);
    const room = roomParam(request.params);
    const id = sessionIdParam(request.params);
    reply.header('cache-control', 'no-store');
    return options.sessions.end(readableTenant(caller), room, id, request.log);
  });

  app.get('/api/sessions', async (request, reply): Promise<SessionListResponse> => {
    const caller = await options.guard(request, reply);
    const parsed = sessionListQuerySchema.safeParse(request.query ?? {});
    if (!parsed.success) throw validationError(parsed.error, request.query);
    reply.header('cache-control', 'no-store');
    return { sessions: await options.sessions.list(readableTenant(caller), parsed.data.status, parsed.data.limit ?? DEFAULT_LIST_LIMIT) };
  });

  app.get('/api/sessions/:id', async (request, reply): Promise<SessionDetail> => {
    const caller = await options.guard(request, reply);
    const id = sessionIdParam(request.params);
    reply.header('cache-control', 'no-store');
    return options.sessions.get(readableTenant(caller), id);
  });
}
