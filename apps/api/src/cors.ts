import type { FastifyInstance } from 'fastify';
import { isApiPath } from './api-paths.js';

const ALLOWED_METHODS = 'GET, POST, DELETE, OPTIONS';
const ALLOWED_HEADERS = 'authorization, content-type, x-request-id, x-parley-request';

/**
 * CORS for an explicit allow-list of origins. Same-origin calls (the bundled web client) need
 * none of this; other origins get no CORS headers at all, so browsers block them.
 */
export function registerCors(app: FastifyInstance, allowedOrigins: readonly string[]): void {
  const allowed = new Set(allowedOrigins);
  app.addHook('onRequest', async (request, reply) => {
    if (!isApiPath(request.url)) return;
    const origin = request.headers.origin;
    const permitted = typeof origin === 'string' && allowed.has(origin);
    reply.header('vary', 'Origin');
    if (permitted) {
      reply.header('access-control-allow-origin', origin);
      reply.header('access-control-expose-headers', 'x-request-id, retry-after');
    }
    if (request.method === 'OPTIONS') {
      if (permitted) {
        reply.header('access-control-allow-methods', ALLOWED_METHODS);
        reply.header('access-control-allow-headers', ALLOWED_HEADERS);
        reply.header('access-control-max-age', '600');
      }
      return reply.status(204).send();
    }
    return undefined;
  });
}
