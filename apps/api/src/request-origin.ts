import { REQUEST_MARKER_HEADER } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const MARKER = REQUEST_MARKER_HEADER.toLowerCase();

/**
 * Cross-site request forgery: any web page can make a browser send a "simple" POST (a form, or
 * fetch without a body) to this API. A state-changing request therefore needs what such pages
 * cannot send without a CORS preflight: a Content-Type (only application/json and LiveKit's webhook
 * type have parsers; other types get 415), the X-Parley-Request header, or an Authorization header.
 * And when the browser says
 * where the request comes from (Origin), it must be this server's own origin or an allow-listed one.
 */
export function registerRequestOriginCheck(app: FastifyInstance, corsOrigins: readonly string[]): void {
  const allowed = new Set(corsOrigins);
  app.addHook('onRequest', async (request, reply) => {
    if (!STATE_CHANGING.has(request.method)) return undefined;
    const origin = request.headers.origin;
    if (typeof origin === 'string' && !allowed.has(origin) && !isSameOrigin(origin, request.headers.host)) {
      request.log.warn({ origin: origin.slice(0, 200) }, 'refused a cross-site request');
      return reply.status(403).send({ error: `cross-site request refused: origin ${origin.slice(0, 200)} is not allowed (PARLEY_CORS_ORIGINS lists the origins that are)` });
    }
    // An Authorization header (API keys, LiveKit's signed webhooks) is never sent cross-site without
    // a preflight either, and programs that use one need no marker.
    const { headers } = request;
    if (headers['content-type'] === undefined && headers[MARKER] === undefined && headers.authorization === undefined) {
      return reply.status(403).send({
        error: `a ${request.method} request needs a JSON body (Content-Type: application/json) or, when it has no body, the header ${REQUEST_MARKER_HEADER}: 1`,
      });
    }
    return undefined;
  });
}

/** Origin `scheme://host[:port]` against the Host header the browser sent with it (already checked). */
function isSameOrigin(origin: string, host: string | undefined): boolean {
  if (host === undefined || !URL.canParse(origin)) return false;
  const url = new URL(origin);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  // URL drops default ports; a Host header may still carry them (`example.com:443`).
  const bare = host.toLowerCase().replace(url.protocol === 'https:' ? /:443$/ : /:80$/, '');
  return url.host === bare;
}
