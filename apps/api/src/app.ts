import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';
import { type AgentDispatcher, createAgentDispatcher, liveKitDispatchApi } from './dispatch.js';
import { registerErrorHandling } from './errors.js';
import { type AgentProbe, httpAgentProbe, type LiveKitProbe, liveKitRoomServiceProbe } from './health.js';
import { registerHealthRoute } from './routes/health.js';
import { registerTokenRoute } from './routes/token.js';
import { registerSecurityHeaders } from './security.js';
import { createTokenMinter, type TokenMinter } from './token.js';
import { registerWebClient } from './web.js';

/** Everything that talks to the outside world; tests substitute fakes. */
export interface AppDeps {
  minter: TokenMinter;
  dispatcher: AgentDispatcher;
  livekitProbe: LiveKitProbe;
  agentProbe: AgentProbe;
}

export interface BuildOptions {
  /** Overrides the pino logger settings (tests pass `false`). */
  logger?: FastifyServerOptions['logger'];
}

/** Small: the only JSON body is a token request. */
export const BODY_LIMIT_BYTES = 16 * 1024;
const PROBE_TIMEOUT_MS = 2_000;
const LIVEKIT_API_TIMEOUT_SECONDS = 5;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function createDeps(config: Config): AppDeps {
  const { url, apiKey, apiSecret } = config.livekit;
  return {
    minter: createTokenMinter({ apiKey, apiSecret, ttlSeconds: config.tokenTtlSeconds }),
    dispatcher: createAgentDispatcher(liveKitDispatchApi(url, apiKey, apiSecret, LIVEKIT_API_TIMEOUT_SECONDS)),
    livekitProbe: liveKitRoomServiceProbe(url, apiKey, apiSecret, PROBE_TIMEOUT_MS),
    agentProbe: httpAgentProbe(PROBE_TIMEOUT_MS),
  };
}

/** Reuse a sane X-Request-Id from a proxy so logs correlate; otherwise mint one. */
function requestId(request: IncomingMessage): string {
  const header = request.headers['x-request-id'];
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}

export function loggerOptions(config: Config): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        'token',
        '*.token',
        'apiSecret',
        '*.apiSecret',
      ],
      censor: '[redacted]',
    },
  };
}

export async function buildApp(config: Config, deps: AppDeps, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? loggerOptions(config),
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: requestId,
    // Bound slow clients; token and health calls are quick.
    requestTimeout: 30_000,
    return503OnClosing: true,
  });

  // Only JSON bodies are accepted; anything else is a 415 rather than a confusing validation error.
  app.removeContentTypeParser('text/plain');

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  registerErrorHandling(app);
  await registerSecurityHeaders(app, config.livekit.publicUrl);

  registerHealthRoute(app, {
    deps: { livekit: deps.livekitProbe, agent: deps.agentProbe },
    liveKitUrl: config.livekit.url,
    agentHealthUrls: config.agentHealthUrls,
  });
  registerTokenRoute(app, {
    minter: deps.minter,
    dispatcher: deps.dispatcher,
    serverUrl: config.livekit.publicUrl,
  });

  await registerWebClient(app, config.webDist);
  return app;
}
