import type { HealthResponse } from '@parley/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { checkHealth, type HealthDeps } from '../health.js';

export interface HealthRouteOptions {
  deps: HealthDeps;
  liveKitUrl: string;
  agentHealthUrls: readonly string[];
}

/** Answers 200 when everything is ready, 503 when degraded; shared by `/api/health` and `/livekit/health`. */
export type HealthHandler = (request: FastifyRequest, reply: FastifyReply) => Promise<HealthResponse>;

export function healthHandler(options: HealthRouteOptions): HealthHandler {
  return async (_request, reply) => {
    const report = await checkHealth(options.deps, options.liveKitUrl, options.agentHealthUrls);
    reply.header('cache-control', 'no-store');
    reply.status(report.httpStatus);
    return report.body;
  };
}

export function registerHealthRoute(app: FastifyInstance, handler: HealthHandler): void {
  app.get('/api/health', handler);
}
