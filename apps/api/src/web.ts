import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { ApiError } from '@parley/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isApiPath } from './api-paths.js';

/** Client-side routes look like `/room/abc`; a missing `/assets/x.js` must stay a 404, not become HTML. */
function isSpaRoute(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = request.url.split('?')[0] ?? '';
  if (isApiPath(path)) return false;
  const lastSegment = path.slice(path.lastIndexOf('/') + 1);
  return !lastSegment.includes('.');
}

const NOT_BUILT =
  'The Parley web client has not been built.\n' +
  'Run `npm run build` in the repository root (or set PARLEY_WEB_DIST to a built apps/web/dist), then restart the API.\n';

/**
 * Serves the built web client at `/` with an SPA fallback, and owns the 404 handler so that unknown
 * API routes (`/api`, `/livekit`) answer JSON while browser routes get index.html.
 */
export async function registerWebClient(app: FastifyInstance, webDist: string): Promise<void> {
  const built = existsSync(join(webDist, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root: webDist,
      prefix: '/',
      index: 'index.html',
      dotfiles: 'ignore',
      // Hashed assets can be cached; index.html must be revalidated so deploys take effect.
      setHeaders: (reply, path) => {
        reply.header('cache-control', path.endsWith('index.html') ? 'no-cache' : 'public, max-age=3600');
      },
    });
  } else {
    app.log.warn({ webDist }, 'web client not built; / will answer 503');
  }

  app.setNotFoundHandler(async (request, reply) => {
    if (isSpaRoute(request)) {
      if (!built) return reply.status(503).type('text/plain; charset=utf-8').send(NOT_BUILT);
      reply.header('cache-control', 'no-cache');
      return reply.sendFile('index.html');
    }
    if (isApiPath(request.url)) {
      return reply.status(404).send({ error: `no such API route: ${request.method} ${(request.url.split('?')[0] ?? '').slice(0, 200)}` } satisfies ApiError);
    }
    return reply.status(404).send({ error: 'not found' } satisfies ApiError);
  });
}
