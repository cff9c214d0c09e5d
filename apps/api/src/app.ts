import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { Accounts } from './accounts/accounts.js';
import { registerAccountRoutes } from './accounts/routes.js';
import { createAgentCredentials } from './agent-credentials.js';
import { cachedAgentsUp } from './agents-up.js';
import { createAuthenticator } from './auth.js';
import type { Config } from './config.js';
import { registerCors } from './cors.js';
import { registerErrorHandling } from './errors.js';
import { createGuard } from './guard.js';
import { type AgentProbe, everyNodeProbe, httpAgentProbe, type LiveKitProbe, liveKitRoomServiceProbe } from './health.js';
import { registerHostCheck } from './host-check.js';
import { liveKitSessionDispatcher, type SessionDispatcher } from './livekit/dispatch.js';
import { liveKitRoomLister, type RoomLister } from './livekit/room-lister.js';
import { liveKitHealthCheck, NodePool, onLiveNode } from './livekit/nodes.js';
import { liveKitRoomGateway, type RoomGateway } from './livekit/rooms.js';
import { liveKitWebhookVerifier, type WebhookVerifier } from './livekit/webhooks.js';
import { registerOpenApiRoute } from './openapi.js';
import { createRateLimiter } from './rate-limit.js';
import { SessionReconciler } from './reconcile.js';
import { registerRequestOriginCheck } from './request-origin.js';
import { healthHandler, registerHealthRoute } from './routes/health.js';
import { registerInternalRoutes } from './routes/internal.js';
import { registerRoomRoutes, roomHandlers } from './routes/rooms.js';
import { registerSeedAliasRoutes } from './routes/seed-aliases.js';
import { registerSessionRoutes, sessionHandlers } from './routes/sessions.js';
import { registerTokenRoute, tokenHandler } from './routes/token.js';
import { registerWebhookRoute } from './routes/webhook.js';
import { registerSecurityHeaders } from './security.js';
import { SessionService } from './sessions.js';
import { openStore } from './store/index.js';
import type { Store } from './store/types.js';
import { createTokenMinter, type TokenMinter } from './token.js';
import { registerWebClient } from './web.js';

/** Everything that talks to the outside world or keeps state; tests substitute fakes for LiveKit. */
export interface AppDeps {
  minter: TokenMinter;
  dispatcher: SessionDispatcher;
  rooms: RoomGateway;
  lister: RoomLister;
  webhooks: WebhookVerifier;
  livekitProbe: LiveKitProbe;
  agentProbe: AgentProbe;
  store: Store;
  /** The LiveKit nodes and which answer; absent (tests): the configured nodes, never probed. */
  nodes?: NodePool;
}

export interface BuildOptions {
  /** Overrides the pino logger settings (tests pass `false`). */
  logger?: FastifyServerOptions['logger'];
  /** Close the store when the app closes (true for the real server). */
  closeStore?: boolean;
  /** Reconcile sessions with LiveKit once ready and every config.reconcileIntervalSeconds (true for the real server). */
  reconcile?: boolean;
}

/** Small: JSON requests are a few fields. Agent reports and webhooks set their own limits. */
export const BODY_LIMIT_BYTES = 16 * 1024;
const PROBE_TIMEOUT_MS = 2_000;
const LIVEKIT_API_TIMEOUT_SECONDS = 5;
/** How often a cluster's LiveKit nodes are probed: a dead node stops getting participants within this. */
const NODE_PROBE_INTERVAL_MS = 1_000;
const NODE_PROBE_TIMEOUT_MS = 1_000;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
/** An agent sends a batch every quarter second at most while people talk; far above that is abuse. */
const AGENT_REPORTS_PER_MINUTE = 600;
const AGENT_REPORT_BURST = 60;

export async function createDeps(config: Config): Promise<AppDeps> {
  const { apiKey, apiSecret } = config.livekit;
  // With several LiveKit nodes (multi-node mode), server API calls go to whichever node answers.
  const nodes = new NodePool(config.livekit.nodes, liveKitHealthCheck(NODE_PROBE_TIMEOUT_MS));
  return {
    minter: createTokenMinter({ apiKey, apiSecret, ttlSeconds: config.tokenTtlSeconds }),
    dispatcher: onLiveNode(nodes, (url) => liveKitSessionDispatcher(url, apiKey, apiSecret, LIVEKIT_API_TIMEOUT_SECONDS)),
    rooms: onLiveNode(nodes, (url) => liveKitRoomGateway(url, apiKey, apiSecret, LIVEKIT_API_TIMEOUT_SECONDS)),
    lister: onLiveNode(nodes, (url) => liveKitRoomLister(url, apiKey, apiSecret, LIVEKIT_API_TIMEOUT_SECONDS)),
    webhooks: liveKitWebhookVerifier(apiKey, apiSecret),
    livekitProbe: everyNodeProbe(config.livekit.nodes.map((node) => ({ url: node.url, probe: liveKitRoomServiceProbe(node.url, apiKey, apiSecret, PROBE_TIMEOUT_MS) }))),
    nodes,
    agentProbe: httpAgentProbe(PROBE_TIMEOUT_MS),
    store: await openStore(config.store),
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
    // Behind a TLS proxy every request comes from the proxy: believe its X-Forwarded-* headers only when configured.
    trustProxy: config.trustProxy.length > 0 ? config.trustProxy.join(',') : false,
  });

  // Only JSON bodies are accepted; anything else is a 415 rather than a confusing validation error.
  app.removeContentTypeParser('text/plain');

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  registerErrorHandling(app);
  // Before anything else answers: a request for a foreign host name or from a foreign site stops here.
  registerHostCheck(app, config.allowedHosts);
  registerRequestOriginCheck(app, config.corsOrigins);
  await registerSecurityHeaders(app, config.livekit.nodes.map((node) => node.publicUrl));
  registerCors(app, config.corsOrigins);
  if (options.closeStore) app.addHook('onClose', async () => deps.store.close());
  const nodes = deps.nodes ?? new NodePool(config.livekit.nodes, async () => true);
  app.addHook('onReady', async () => nodes.start(NODE_PROBE_INTERVAL_MS));
  app.addHook('onClose', async () => nodes.stop());

  const limiter = createRateLimiter(config.rateLimitPerMinute);
  const accounts = config.authMode === 'accounts' ? new Accounts({ store: deps.store, ttlSeconds: config.signIn.ttlSeconds }) : undefined;
  const guard = createGuard(createAuthenticator(config.authMode, deps.store, accounts), limiter);
  const credentials = createAgentCredentials(config.livekit.apiSecret);
  const sessions = new SessionService({
    store: deps.store,
    dispatcher: deps.dispatcher,
    rooms: deps.rooms,
    credentials,
    allowedProviders: config.allowedProviders,
    dispatchQueue: config.dispatchQueue,
    maxSessionsPerTenant: config.maxSessionsPerTenant,
    agentsUp: cachedAgentsUp(deps.agentProbe, config.agentHealthUrls),
    log: app.log.child({ module: 'dispatch-queue' }),
  });
  // preClose runs before onClose closes the store: no attempt is left running against a closed store.
  app.addHook('preClose', async () => sessions.queue.stop());
  if (options.reconcile) {
    const reconciler = new SessionReconciler({ store: deps.store, sessions, lister: deps.lister, dispatcher: deps.dispatcher, log: app.log });
    app.addHook('onReady', async () => {
      // People queued before a restart keep their places and are served from here on, once the
      // first pass has ended the sessions whose people left meanwhile (no agent for an empty room).
      void reconciler.start(config.reconcileIntervalSeconds * 1000).then(() => {
        if (!closing) sessions.queue.start();
      });
    });
    let closing = false;
    app.addHook('preClose', async () => {
      closing = true;
      await reconciler.stop();
    });
  }

  const handlers = {
    health: healthHandler({
      deps: { livekit: deps.livekitProbe, agent: deps.agentProbe, store: deps.store },
      liveKitUrl: config.livekit.url,
      agentHealthUrls: config.agentHealthUrls,
    }),
    token: tokenHandler({ minter: deps.minter, sessions, guard, serverUrlFor: (room) => nodes.publicUrlFor(room) }),
    rooms: roomHandlers({ guard, sessions, rooms: deps.rooms, store: deps.store }),
    sessions: sessionHandlers({ guard, sessions }),
  };
  registerHealthRoute(app, handlers.health);
  registerOpenApiRoute(app);
  registerAccountRoutes(app, { mode: config.authMode, store: deps.store, signIn: config.signIn, ...(accounts ? { accounts } : {}) });
  registerTokenRoute(app, handlers.token);
  registerRoomRoutes(app, handlers.rooms);
  registerSessionRoutes(app, handlers.sessions);
  registerSeedAliasRoutes(app, handlers);
  registerInternalRoutes(app, {
    sessions,
    credentials,
    failureLimiter: limiter,
    sessionLimiter: createRateLimiter(AGENT_REPORTS_PER_MINUTE, AGENT_REPORT_BURST),
  });
  await registerWebhookRoute(app, deps.webhooks, sessions);

  await registerWebClient(app, config.webDist);
  return app;
}
