import { z } from 'zod';
import { LauncherConfigError, type LauncherConfig } from './launcher-config.js';

const clusterEnvSchema = z.object({
  PARLEY_CLUSTER_NODES: z.coerce.number().int().min(1).max(9).default(2).meta({ description: 'npm run cluster: LiveKit nodes (each with its agent worker and API)' }),
  PARLEY_REDIS_PORT: z.coerce.number().int().min(1).max(65535).default(6380).meta({ description: 'npm run cluster: port of the cluster\'s Redis' }),
  PARLEY_REDIS_BIN: z.string().optional().meta({ description: 'npm run cluster: a redis-server binary to use instead of PATH' }),
  PARLEY_POSTGRES_PORT: z.coerce.number().int().min(1).max(65535).default(5433).meta({ description: 'npm run cluster: port of the cluster\'s PostgreSQL' }),
  PARLEY_DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\/./, 'PARLEY_DATABASE_URL must be postgres://user:pass@host/db in a cluster (every API instance shares it)').optional().meta({ description: 'npm run cluster: a PostgreSQL of your own instead of the cluster\'s', shownDefault: 'the cluster\'s own PostgreSQL' }),
});

/** The cluster's variables, each with its default and a one-line doc (tests/architecture/settings.test.ts). */
export const CLUSTER_SETTINGS = clusterEnvSchema;

/** The ports of one node of a cluster on one machine: the single-node ports plus 10 × its index. */
export interface NodePorts {
  livekit: number;
  livekitTcp: number;
  livekitUdp: number;
  api: number;
  agent: number;
}

export interface ClusterConfig {
  nodeCount: number;
  redisPort: number;
  redisBinary: string | undefined;
  postgresPort: number;
  /** The shared PostgreSQL; undefined: the launcher runs one of its own. */
  databaseUrl: string | undefined;
  nodes: NodePorts[];
}

const PORT_STRIDE = 10;

export function loadClusterConfig(env: Record<string, string | undefined>, base: LauncherConfig): ClusterConfig {
  const parsed = clusterEnvSchema.safeParse(Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value === '' ? undefined : value])));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
    throw new LauncherConfigError(`Invalid cluster configuration:\n${problems}`);
  }
  const value = parsed.data;
  const nodes = Array.from({ length: value.PARLEY_CLUSTER_NODES }, (_, index): NodePorts => ({
    livekit: base.ports.livekit + PORT_STRIDE * index,
    livekitTcp: base.ports.livekitTcp + PORT_STRIDE * index,
    livekitUdp: base.ports.livekitUdp + PORT_STRIDE * index,
    api: base.ports.api + PORT_STRIDE * index,
    agent: base.ports.agent + PORT_STRIDE * index,
  }));
  const tcp = [...nodes.flatMap((ports) => [ports.livekit, ports.livekitTcp, ports.api, ports.agent]), value.PARLEY_REDIS_PORT, value.PARLEY_POSTGRES_PORT];
  if (new Set(tcp).size !== tcp.length) {
    throw new LauncherConfigError(`Cluster ports overlap (node i uses the single-node ports + ${PORT_STRIDE} × i; Redis ${value.PARLEY_REDIS_PORT}, PostgreSQL ${value.PARLEY_POSTGRES_PORT}): move PARLEY_*_PORT apart.`);
  }
  return {
    nodeCount: value.PARLEY_CLUSTER_NODES,
    redisPort: value.PARLEY_REDIS_PORT,
    redisBinary: value.PARLEY_REDIS_BIN,
    postgresPort: value.PARLEY_POSTGRES_PORT,
    databaseUrl: value.PARLEY_DATABASE_URL,
    nodes,
  };
}
