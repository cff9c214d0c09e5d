import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ensureEnvFile } from './env-file.js';
import { loadLauncherConfig, type LauncherConfig } from './launcher-config.js';
import { loadLauncherProcessSettings } from './launcher-process.js';
import { resolveLivekitBinary } from './livekit-binary.js';
import { renderLivekitConfig } from './livekit-config.js';
import { assertPortsFree } from './ports.js';
import { waitForHttp } from './readiness.js';
import { keepRunning } from './keep-alive.js';
import { Supervisor } from './supervisor.js';
import { repoRoot as defaultRepoRoot, stateDir } from './paths.js';

export interface StackOptions {
  repoRoot?: string;
  /** Overrides merged over process.env and .parley/env, e.g. ports for a test. */
  env?: Record<string, string>;
  echoToConsole?: boolean;
  /** Where logs and the generated LiveKit config go; defaults to .parley/run. */
  runDir?: string;
}

export interface RunningStack {
  config: LauncherConfig;
  webUrl: string;
  apiUrl: string;
  livekitUrl: string;
  agentHealthUrl: string;
  /** Child-process environment, including the LiveKit credentials, for tests that need them. */
  env: Record<string, string | undefined>;
  supervisor: Supervisor;
  /** Restarts one service and waits until it is ready again. */
  restart(service: ServiceName): Promise<void>;
  stop(): Promise<void>;
}

export type ServiceName = 'livekit' | 'agent' | 'api';

/**
 * The environment the agent worker and the API server run with: LiveKit's URLs and credentials,
 * ports, and the URLs they reach each other on. Shared with the containers (container.ts).
 */
export function serviceEnvironment(config: LauncherConfig, env: Record<string, string | undefined>): Record<string, string | undefined> {
  const localHost = config.bindHost === '0.0.0.0' ? '127.0.0.1' : config.bindHost;
  const apiUrl = `http://${localHost}:${config.ports.api}`;
  return {
    ...env,
    LIVEKIT_URL: `ws://${localHost}:${config.ports.livekit}`,
    LIVEKIT_PUBLIC_URL: env.LIVEKIT_PUBLIC_URL ?? `ws://${config.publicHost}:${config.ports.livekit}`,
    LIVEKIT_API_KEY: config.apiKey,
    LIVEKIT_API_SECRET: config.apiSecret,
    PARLEY_API_HOST: config.bindHost,
    PARLEY_API_PORT: String(config.ports.api),
    PARLEY_AGENT_HOST: localHost,
    PARLEY_AGENT_PORT: String(config.ports.agent),
    PARLEY_AGENT_HEALTH_URLS: env.PARLEY_AGENT_HEALTH_URLS ?? `http://${localHost}:${config.ports.agent}`,
    // Where the agent reports session transcripts and metrics.
    PARLEY_API_URL: env.PARLEY_API_URL ?? apiUrl,
    // Browsers reach the API under the public host name; the API refuses other names (DNS rebinding).
    PARLEY_API_ALLOWED_HOSTS: [env.PARLEY_API_ALLOWED_HOSTS, config.publicHost].filter((host) => host !== undefined && host !== '').join(','),
  };
}

/** Starts LiveKit, then the agent worker and the API server, and waits until each is ready. */
export async function startStack(options: StackOptions = {}): Promise<RunningStack> {
  const root = options.repoRoot ?? defaultRepoRoot;
  const state = stateDir({ ...process.env, ...options.env }, root);
  const credentials = ensureEnvFile(path.join(state, 'env'));
  const env: Record<string, string | undefined> = { ...credentials, ...process.env, ...options.env };
  const config = loadLauncherConfig(env);
  const livekitBinary = resolveLivekitBinary({ explicit: config.livekitBinary, pathEnv: env.PATH, toolsDir: path.join(state, 'tools') });

  await assertPortsFree(config.bindHost, [
    { port: config.ports.livekit, protocol: 'tcp', owner: 'LiveKit signalling', setting: 'PARLEY_LIVEKIT_PORT' },
    { port: config.ports.livekitTcp, protocol: 'tcp', owner: 'LiveKit WebRTC over TCP', setting: 'PARLEY_LIVEKIT_TCP_PORT' },
    { port: config.ports.livekitUdp, protocol: 'udp', owner: 'LiveKit WebRTC over UDP', setting: 'PARLEY_LIVEKIT_UDP_PORT' },
    { port: config.ports.api, protocol: 'tcp', owner: 'API server', setting: 'PARLEY_API_PORT' },
    { port: config.ports.agent, protocol: 'tcp', owner: 'agent worker health', setting: 'PARLEY_AGENT_PORT' },
  ]);

  const runDir = options.runDir ?? path.join(state, 'run');
  mkdirSync(runDir, { recursive: true });
  const livekitConfigFile = path.join(runDir, 'livekit.yaml');
  const localHost = config.bindHost === '0.0.0.0' ? '127.0.0.1' : config.bindHost;
  const apiUrl = `http://${localHost}:${config.ports.api}`;
  // LiveKit signs webhooks with the API key; the API uses them to close sessions whose room or agent is gone.
  writeFileSync(
    livekitConfigFile,
    renderLivekitConfig(config, { webhookUrl: `${apiUrl}/api/livekit/webhook`, ...(config.redisAddress ? { redisAddress: config.redisAddress } : {}) }),
    { mode: 0o600 },
  );

  const livekitUrl = `ws://${localHost}:${config.ports.livekit}`;
  const agentHealthUrl = `http://${localHost}:${config.ports.agent}`;
  const publicUrl = env.LIVEKIT_PUBLIC_URL ?? `ws://${config.publicHost}:${config.ports.livekit}`;
  // One machine of a cluster: the API also knows the other nodes (their browser-facing URLs serve both purposes).
  const otherNodes = config.livekitNodes.filter((url) => url !== publicUrl);
  const childEnv = serviceEnvironment(config, env);

  const supervisor = new Supervisor({ logDir: path.join(runDir, 'logs'), echoToConsole: options.echoToConsole ?? false });
  const stop = () => supervisor.stopAll();
  try {
    const livekit = supervisor.start({ name: 'livekit', command: livekitBinary, args: ['--config', livekitConfigFile], env: childEnv, cwd: root });
    await waitForHttp({ url: `http://${localHost}:${config.ports.livekit}/`, service: livekit, timeoutMs: config.readyTimeoutMs, what: 'LiveKit server' });

    const agent = supervisor.start({
      name: 'agent',
      command: process.execPath,
      args: [path.join(root, 'apps/agent/dist/main.js'), 'start', '--log-level', loadLauncherProcessSettings(env, root).agentLogLevel],
      env: childEnv,
      cwd: root,
    });
    const apiEnv = otherNodes.length === 0 ? childEnv : { ...childEnv, LIVEKIT_URL: [livekitUrl, ...otherNodes].join(','), LIVEKIT_PUBLIC_URL: [publicUrl, ...otherNodes].join(',') };
    const api = supervisor.start({ name: 'api', command: process.execPath, args: [path.join(root, 'apps/api/dist/main.js')], env: apiEnv, cwd: root });
    await Promise.all([
      waitForHttp({ url: `${agentHealthUrl}/`, service: agent, timeoutMs: config.readyTimeoutMs, what: 'Agent worker (registering with LiveKit)' }),
      waitForHttp({ url: `${apiUrl}/api/health`, service: api, timeoutMs: config.readyTimeoutMs, what: 'API server', isReady: (status) => status === 200 || status === 503 }),
    ]);
    await waitForHttp({ url: `${apiUrl}/api/health`, service: api, timeoutMs: config.readyTimeoutMs, what: 'API health (LiveKit and agent ready)' });

    // A service that exits on its own is started again (with a doubling wait), for as long as the stack runs.
    const report = (message: string): void => console.error(`[parley] ${message}`);
    for (const name of ['livekit', 'agent', 'api'] as const) void keepRunning(supervisor, name, { report });
    const readiness: Record<ServiceName, { url: string; what: string }> = {
      livekit: { url: `http://${localHost}:${config.ports.livekit}/`, what: 'LiveKit server' },
      agent: { url: `${agentHealthUrl}/`, what: 'Agent worker (registering with LiveKit)' },
      api: { url: `${apiUrl}/api/health`, what: 'API server' },
    };
    const restart = async (name: ServiceName): Promise<void> => {
      const service = await supervisor.restart(name);
      await waitForHttp({ ...readiness[name], service, timeoutMs: config.readyTimeoutMs });
    };
    return {
      config,
      webUrl: `http://${config.publicHost}:${config.ports.api}/`,
      apiUrl,
      livekitUrl,
      agentHealthUrl,
      env: childEnv,
      supervisor,
      restart,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
