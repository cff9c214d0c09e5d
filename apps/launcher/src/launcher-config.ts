import { z } from 'zod';

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

const launcherEnvSchema = z.object({
  LIVEKIT_API_KEY: z.string().min(1, 'LIVEKIT_API_KEY must not be empty').meta({ description: 'LiveKit API key (generated into .parley/env on first run)' }),
  LIVEKIT_API_SECRET: z.string().min(32, 'LIVEKIT_API_SECRET must be at least 32 characters').meta({ description: 'LiveKit API secret (generated into .parley/env on first run)' }),
  PARLEY_BIND_HOST: z.string().default('127.0.0.1').meta({ description: 'address the API and LiveKit signalling listen on (0.0.0.0 for your LAN)' }),
  PARLEY_NODE_IP: z.string().optional().meta({ description: 'IP LiveKit advertises for media', shownDefault: 'auto' }),
  PARLEY_PUBLIC_HOST: z.string().optional().meta({ description: 'host name browsers use to reach the API and LiveKit', shownDefault: 'bind host' }),
  PARLEY_LIVEKIT_PORT: port(7880).meta({ description: 'LiveKit signalling' }),
  PARLEY_LIVEKIT_TCP_PORT: port(7881).meta({ description: 'LiveKit WebRTC over TCP' }),
  PARLEY_LIVEKIT_UDP_PORT: port(7882).meta({ description: 'LiveKit WebRTC over UDP' }),
  PARLEY_API_PORT: port(8080).meta({ description: 'API server and web page' }),
  PARLEY_AGENT_PORT: port(8081).meta({ description: 'agent worker health port (GET / is 200 once registered with LiveKit)' }),
  PARLEY_LIVEKIT_BIN: z.string().optional().meta({ description: 'a LiveKit binary to use instead of PATH or .parley/tools' }),
  PARLEY_READY_TIMEOUT_MS: z.coerce.number().int().min(1000).default(60_000).meta({ description: 'how long the launcher waits for each service to be ready' }),
  PARLEY_REDIS_ADDRESS: z.string().regex(/^[^\s:]+:\d{1,5}$/, 'PARLEY_REDIS_ADDRESS must be host:port, e.g. 10.0.0.5:6379').optional().meta({ description: 'host:port of the Redis shared by a LiveKit cluster (multi-node mode)' }),
  PARLEY_LIVEKIT_NODES: z.string().optional().meta({ description: 'comma-separated browser-facing URLs of every LiveKit node of a cluster, for the API' }),
});

/** The stack's variables, each with its default and a one-line doc (tests/architecture/settings.test.ts). */
export const LAUNCHER_SETTINGS = launcherEnvSchema;

export interface LauncherConfig {
  apiKey: string;
  apiSecret: string;
  bindHost: string;
  /** The address LiveKit advertises in ICE candidates; LiveKit picks one from the interfaces when unset. */
  nodeIp: string | undefined;
  /** Host name browsers use to reach the API and LiveKit. */
  publicHost: string;
  ports: { livekit: number; livekitTcp: number; livekitUdp: number; api: number; agent: number };
  livekitBinary: string | undefined;
  readyTimeoutMs: number;
  /** host:port of the Redis shared by a LiveKit cluster (multi-node mode); undefined: a single node. */
  redisAddress: string | undefined;
  /** The browser-facing URLs of every LiveKit node of the cluster (this one included), for the API. */
  livekitNodes: string[];
}

export class LauncherConfigError extends Error {
  override readonly name = 'LauncherConfigError';
}

export function loadLauncherConfig(env: Record<string, string | undefined>): LauncherConfig {
  const parsed = launcherEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
    throw new LauncherConfigError(`Invalid configuration:\n${problems}`);
  }
  const value = parsed.data;
  const ports = {
    livekit: value.PARLEY_LIVEKIT_PORT,
    livekitTcp: value.PARLEY_LIVEKIT_TCP_PORT,
    livekitUdp: value.PARLEY_LIVEKIT_UDP_PORT,
    api: value.PARLEY_API_PORT,
    agent: value.PARLEY_AGENT_PORT,
  };
  const tcpPorts = [ports.livekit, ports.livekitTcp, ports.api, ports.agent];
  if (new Set(tcpPorts).size !== tcpPorts.length) {
    throw new LauncherConfigError(`Ports must differ: LiveKit ${ports.livekit}, LiveKit TCP ${ports.livekitTcp}, API ${ports.api}, agent ${ports.agent}`);
  }
  return {
    apiKey: value.LIVEKIT_API_KEY,
    apiSecret: value.LIVEKIT_API_SECRET,
    bindHost: value.PARLEY_BIND_HOST,
    nodeIp: value.PARLEY_NODE_IP,
    publicHost: value.PARLEY_PUBLIC_HOST ?? (value.PARLEY_BIND_HOST === '0.0.0.0' ? '127.0.0.1' : value.PARLEY_BIND_HOST),
    ports,
    livekitBinary: value.PARLEY_LIVEKIT_BIN,
    readyTimeoutMs: value.PARLEY_READY_TIMEOUT_MS,
    redisAddress: value.PARLEY_REDIS_ADDRESS,
    livekitNodes: (value.PARLEY_LIVEKIT_NODES ?? '').split(',').map((url) => url.trim()).filter((url) => url !== ''),
  };
}
