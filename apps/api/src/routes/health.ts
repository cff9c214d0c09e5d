import type { HealthResponse } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import { checkHealth, type HealthDeps } from '../health.js';

export interface HealthRouteOptions {
  deps: HealthDeps;
  liveKitUrl: string;
  agentHealthUrls: readonly string[];
}

export function registerHealthRoute(app: FastifyInstance, options: HealthRouteOptions): void {
  app.get('/api/health', async (_request, reply): Promise<HealthResponse> => {
    const report = await checkHealth(options.deps, options.liveKitUrl, options.agentHealthUrls);
    reply.header('cache-control', 'no-store');
    reply.status(report.httpStatus);
    return report.body;
  });
}
