import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadClusterConfig, type ClusterConfig, type NodePorts } from './cluster-config.js';
import { ensureEnvFile } from './env-file.js';
import { keepRunning } from './keep-alive.js';
import { loadLauncherConfig, type LauncherConfig } from './launcher-config.js';
import { loadLauncherProcessSettings } from './launcher-process.js';
import { resolveLivekitBinary } from './livekit-binary.js';
import { renderLivekitConfig } from './livekit-config.js';
import { repoRoot as defaultRepoRoot, stateDir } from './paths.js';
import { assertPortsFree, type PortRequirement } from './ports.js';
import { waitForHttp } from './readiness.js';
import { localPostgres, redisSpec, resolveRedisBinary, waitForRedis } from './shared-services.js';
import { Supervisor, type RunningService } from './supervisor.js';

export interface ClusterOptions {
  repoRoot?: string;
  /** Overrides merged over process.env and .parley/env (ports, node count, a test's database). */
  env?: Record<string, string>;
  echoToConsole?: boolean;
  /** Where logs, LiveKit configs, Redis and PostgreSQL data go; defaults to .parley/cluster. */
  runDir?: string;
}

/** One node: a LiveKit server with its own agent worker and API server, as on one machine of a real cluster. */
export interface ClusterNode {
  /** 1-based, as in the service names `livekit-1`, `agent-1`, `api-1`. */
  number: number;
  livekitUrl: string;
  livekitPublicUrl: string;
  apiUrl: string;
  webUrl: string;
  agentHealthUrl: string;
  services: { livekit: string; agent: string; api: string };
}

export interface RunningCluster {
  config: LauncherConfig;
  cluster: ClusterConfig;
  nodes: ClusterNode[];
  redisAddress: string;
  databaseUrl: string;
  /** Where each service's log is written. */
  logDir: string;
  /** Environment of the services, with the LiveKit credentials (tests need them). */
  env: Record<string, string | undefined>;
  supervisor: Supervisor;
  /** Stops (if running) and starts one service again, and waits until it is ready. */
  restart(service: string): Promise<void>;
  /** SIGKILL, and no automatic restart: the service's machine is gone. */
  kill(service: string): Promise<void>;
  stop(): Promise<void>;
}

const serviceName = (kind: 'livekit' | 'agent' | 'api', number: number): string => `${kind}-${number}`;

/**
 * A LiveKit cluster on one machine, built only from LiveKit's own multi-node mode: one Redis that
 * every LiveKit node shares, N LiveKit nodes, one agent worker per node (connected to that node;
 * LiveKit routes each job to a worker on any node), and one API server per node, all on one
 * PostgreSQL. On several machines each machine runs one node's part with the same settings.
 */
export async function startCluster(options: ClusterOptions = {}): Promise<RunningCluster> {
  const root = options.repoRoot ?? defaultRepoRoot;
  const state = stateDir({ ...process.env, ...options.env }, root);
  const credentials = ensureEnvFile(path.join(state, 'env'));
  const env: Record<string, string | undefined> = { ...credentials, ...process.env, ...options.env };
  const config = loadLauncherConfig(env);
  const cluster = loadClusterConfig(env, config);
  const livekitBinary = resolveLivekitBinary({ explicit: config.livekitBinary, pathEnv: env.PATH, toolsDir: path.join(state, 'tools') });
  const redisBinary = resolveRedisBinary(cluster.redisBinary, env.PATH);

  const localHost = config.bindHost === '0.0.0.0' ? '127.0.0.1' : config.bindHost;
  await assertPortsFree(config.bindHost, [
    ...cluster.nodes.flatMap((ports, index) => nodePortRequirements(ports, index + 1)),
    { port: cluster.redisPort, protocol: 'tcp', owner: 'Redis', setting: 'PARLEY_REDIS_PORT' },
  ]);

  const runDir = options.runDir ?? path.join(state, 'cluster');
  mkdirSync(runDir, { recursive: true });
  const supervisor = new Supervisor({ logDir: path.join(runDir, 'logs'), echoToConsole: options.echoToConsole ?? false });
  const report = (message: string): void => console.error(`[parley] ${message}`);
  const readiness = new Map<string, { url: string; what: string; isReady?: (status: number) => boolean }>();
  const stop = () => supervisor.stopAll();

  try {
    const redisAddress = `${localHost}:${cluster.redisPort}`;
    const redis = supervisor.start(redisSpec(redisBinary, { host: localHost, port: cluster.redisPort, dir: path.join(runDir, 'redis'), cwd: root, env }));
    await waitForRedis(localHost, cluster.redisPort, redis, config.readyTimeoutMs);

    let databaseUrl = cluster.databaseUrl;
    if (databaseUrl === undefined) {
      const postgres = await localPostgres({ dir: path.join(runDir, 'postgres'), port: cluster.postgresPort, cwd: root, env });
      databaseUrl = await postgres.ready(supervisor.start(postgres.spec), config.readyTimeoutMs);
    }

    const nodes: ClusterNode[] = cluster.nodes.map((ports, index) => ({
      number: index + 1,
      livekitUrl: `ws://${localHost}:${ports.livekit}`,
      livekitPublicUrl: `ws://${config.publicHost}:${ports.livekit}`,
      apiUrl: `http://${localHost}:${ports.api}`,
      webUrl: `http://${config.publicHost}:${ports.api}/`,
      agentHealthUrl: `http://${localHost}:${ports.agent}`,
      services: { livekit: serviceName('livekit', index + 1), agent: serviceName('agent', index + 1), api: serviceName('api', index + 1) },
    }));

    // Every LiveKit node first: the workers and APIs need the whole cluster to register with.
    await Promise.all(
      nodes.map(async (node, index) => {
        const ports = cluster.nodes[index] as NodePorts;
        const nodeConfig: LauncherConfig = { ...config, ports: { ...ports } };
        const file = path.join(runDir, `${node.services.livekit}.yaml`);
        writeFileSync(file, renderLivekitConfig(nodeConfig, { webhookUrl: `${node.apiUrl}/api/livekit/webhook`, redisAddress }), { mode: 0o600 });
        const service = supervisor.start({ name: node.services.livekit, command: livekitBinary, args: ['--config', file], env, cwd: root });
        const check = { url: `http://${localHost}:${ports.livekit}/`, what: `LiveKit node ${node.number}` };
        readiness.set(node.services.livekit, check);
        await waitForHttp({ ...check, service, timeoutMs: config.readyTimeoutMs });
      }),
    );

    const shared = {
      ...env,
      LIVEKIT_API_KEY: config.apiKey,
      LIVEKIT_API_SECRET: config.apiSecret,
      PARLEY_DATABASE_URL: databaseUrl,
      PARLEY_AGENT_HEALTH_URLS: nodes.map((node) => node.agentHealthUrl).join(','),
      PARLEY_API_HOST: config.bindHost,
      PARLEY_AGENT_HOST: localHost,
      PARLEY_API_ALLOWED_HOSTS: [env.PARLEY_API_ALLOWED_HOSTS, config.publicHost].filter((host) => host !== undefined && host !== '').join(','),
    };
    const waits: Promise<void>[] = [];
    for (const [index, node] of nodes.entries()) {
      const ports = cluster.nodes[index] as NodePorts;
      // The API reaches every node, its own first (server API calls go to the first that answers);
      // which node a browser is sent to does not depend on this order.
      const order = [...nodes.slice(index), ...nodes.slice(0, index)];
      const agent = supervisor.start({
        name: node.services.agent,
        command: process.execPath,
        args: [path.join(root, 'apps/agent/dist/main.js'), 'start', '--log-level', loadLauncherProcessSettings(env, root).agentLogLevel],
        // One LiveKit URL per worker: the worker registers with its own node, and LiveKit hands it jobs for rooms on any node.
        env: { ...shared, LIVEKIT_URL: node.livekitUrl, PARLEY_AGENT_PORT: String(ports.agent), PARLEY_API_URL: node.apiUrl },
        cwd: root,
      });
      const api = supervisor.start({
        name: node.services.api,
        command: process.execPath,
        args: [path.join(root, 'apps/api/dist/main.js')],
        env: {
          ...shared,
          LIVEKIT_URL: order.map((each) => each.livekitUrl).join(','),
          LIVEKIT_PUBLIC_URL: order.map((each) => each.livekitPublicUrl).join(','),
          PARLEY_API_PORT: String(ports.api),
        },
        cwd: root,
      });
      const agentCheck = { url: `${node.agentHealthUrl}/`, what: `Agent worker ${node.number} (registering with LiveKit node ${node.number})` };
      const apiCheck = { url: `${node.apiUrl}/api/health`, what: `API server ${node.number}`, isReady: (status: number) => status === 200 || status === 503 };
      readiness.set(node.services.agent, agentCheck);
      readiness.set(node.services.api, apiCheck);
      waits.push(waitForHttp({ ...agentCheck, service: agent, timeoutMs: config.readyTimeoutMs }));
      waits.push(waitForHttp({ ...apiCheck, service: api, timeoutMs: config.readyTimeoutMs }));
    }
    await Promise.all(waits);
    await Promise.all(nodes.map((node) => waitForHttp({ url: `${node.apiUrl}/api/health`, service: supervisor.current(node.services.api) as RunningService, timeoutMs: config.readyTimeoutMs, what: `API ${node.number} health (every LiveKit node and agent worker ready)` })));

    // A service that exits on its own is started again, as in the single-node stack.
    for (const name of ['redis', ...(cluster.databaseUrl === undefined ? ['postgres'] : []), ...nodes.flatMap((node) => Object.values(node.services))]) {
      void keepRunning(supervisor, name, { report });
    }
    const restart = async (name: string): Promise<void> => {
      // After kill() nothing watches the service any more; after a crash or restart its watcher still does.
      const unwatched = supervisor.stoppedOnPurpose(name);
      const service = await supervisor.restart(name);
      if (name === 'redis') await waitForRedis(localHost, cluster.redisPort, service, config.readyTimeoutMs);
      const check = readiness.get(name);
      if (check) await waitForHttp({ ...check, service, timeoutMs: config.readyTimeoutMs });
      if (unwatched) void keepRunning(supervisor, name, { report });
    };
    return {
      config,
      cluster,
      nodes,
      redisAddress,
      databaseUrl,
      logDir: path.join(runDir, 'logs'),
      env: shared,
      supervisor,
      restart,
      kill: (name) => supervisor.kill(name),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function nodePortRequirements(ports: NodePorts, number: number): PortRequirement[] {
  const hint = `node ${number} uses the single-node setting + ${10 * (number - 1)}`;
  return [
    { port: ports.livekit, protocol: 'tcp', owner: `LiveKit node ${number} signalling`, setting: `PARLEY_LIVEKIT_PORT (${hint})` },
    { port: ports.livekitTcp, protocol: 'tcp', owner: `LiveKit node ${number} WebRTC over TCP`, setting: `PARLEY_LIVEKIT_TCP_PORT (${hint})` },
    { port: ports.livekitUdp, protocol: 'udp', owner: `LiveKit node ${number} WebRTC over UDP`, setting: `PARLEY_LIVEKIT_UDP_PORT (${hint})` },
    { port: ports.api, protocol: 'tcp', owner: `API server ${number}`, setting: `PARLEY_API_PORT (${hint})` },
    { port: ports.agent, protocol: 'tcp', owner: `agent worker ${number} health`, setting: `PARLEY_AGENT_PORT (${hint})` },
  ];
}
