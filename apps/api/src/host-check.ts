import { isIP } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { isLoopbackHost } from './config.js';

/** Longest host name we echo back in the refusal; DNS names are at most 253 characters. */
const MAX_ECHOED_HOST = 253;

/** The name part of a Host header (`name:port`, `[v6]:port`), lower-cased; null when malformed. */
export function hostName(header: string): string | null {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::\d{1,5})?$/.exec(header.trim());
  return match?.[1] ? match[1].toLowerCase() : null;
}

/**
 * DNS rebinding: a page on evil.example whose name is re-pointed at this machine reaches the API
 * with `Host: evil.example`. Only names this server is configured for are served. IP addresses are
 * always fine: a page can only have an IP-address origin when it is served from that address.
 */
export function isAllowedHost(name: string, allowedHosts: ReadonlySet<string>): boolean {
  const bare = name.replace(/^\[|\]$/g, '');
  return isLoopbackHost(name) || isIP(bare) !== 0 || allowedHosts.has(name);
}

/** Refuses every request whose Host header names a host not in the configuration, with 421. */
export function registerHostCheck(app: FastifyInstance, allowedHosts: readonly string[]): void {
  const allowed = new Set(allowedHosts.map((host) => host.toLowerCase()));
  app.addHook('onRequest', async (request, reply) => {
    const header = request.headers.host;
    const name = typeof header === 'string' ? hostName(header) : null;
    if (name !== null && isAllowedHost(name, allowed)) return undefined;
    const shown = name ?? String(header ?? '').slice(0, MAX_ECHOED_HOST);
    request.log.warn({ host: shown }, 'refused a request for a host name this server is not configured for');
    return reply.status(421).send({
      error: `host "${shown.slice(0, MAX_ECHOED_HOST)}" is not served here; if this server is reachable under that name, add it to PARLEY_API_ALLOWED_HOSTS`,
    });
  });
}
