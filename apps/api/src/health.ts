import { AGENT_NAME, type HealthResponse } from '@parley/protocol';
import { RoomServiceClient } from 'livekit-server-sdk';
import { describeError as describe } from './redact.js';

export interface ProbeResult {
  ok: boolean;
  error?: string;
}

/** Checks that LiveKit answers authenticated API calls. */
export interface LiveKitProbe {
  check(): Promise<ProbeResult>;
}

/** Checks one agent worker's health endpoint. */
export interface AgentProbe {
  check(url: string): Promise<ProbeResult>;
}

/** The persistent store: ready when it answers a query. */
export interface StoreProbe {
  readonly kind: 'sqlite' | 'postgres';
  ping(): Promise<void>;
}

export interface HealthDeps {
  livekit: LiveKitProbe;
  agent: AgentProbe;
  store?: StoreProbe;
}

export interface HealthReport {
  httpStatus: 200 | 503;
  body: HealthResponse;
}

/** Rejects after `ms` so a hung dependency cannot hang the health endpoint. */
async function withTimeout<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** listRooms needs valid credentials, so this also catches a wrong API key/secret. */
export function liveKitRoomServiceProbe(url: string, apiKey: string, apiSecret: string, timeoutMs: number): LiveKitProbe {
  const client = new RoomServiceClient(url, apiKey, apiSecret, { requestTimeout: Math.ceil(timeoutMs / 1000) });
  return {
    async check() {
      try {
        await withTimeout(timeoutMs, client.listRooms());
        return { ok: true };
      } catch (error) {
        return { ok: false, error: describe(error) };
      }
    },
  };
}

/** A cluster's LiveKit is ready when every node answers; the error names the ones that do not. */
export function everyNodeProbe(nodes: { url: string; probe: LiveKitProbe }[]): LiveKitProbe {
  if (nodes.length === 1 && nodes[0]) return nodes[0].probe;
  return {
    async check() {
      const results = await Promise.all(nodes.map(async (node) => ({ url: node.url, result: await node.probe.check() })));
      const failed = results.filter((entry) => !entry.result.ok);
      if (failed.length === 0) return { ok: true };
      return { ok: false, error: failed.map((entry) => `${entry.url}: ${entry.result.error ?? 'unknown error'}`).join('; ') };
    },
  };
}

/**
 * Agent workers answer `GET /` with 200 once registered with LiveKit (503 before), and `GET /worker`
 * with JSON naming the agent. A worker registered under another name would never receive our dispatches.
 */
export function httpAgentProbe(timeoutMs: number, expectedAgentName: string = AGENT_NAME): AgentProbe {
  return {
    async check(url) {
      try {
        const response = await fetch(new URL('/', url), { signal: AbortSignal.timeout(timeoutMs) });
        await response.body?.cancel();
        if (response.status !== 200) return { ok: false, error: `${url} answered HTTP ${response.status} (not registered with LiveKit)` };
      } catch (error) {
        return { ok: false, error: `${url} unreachable: ${describe(error)}` };
      }
      try {
        const response = await fetch(new URL('/worker', url), { signal: AbortSignal.timeout(timeoutMs) });
        if (!response.ok) {
          await response.body?.cancel();
          return { ok: true };
        }
        const info: unknown = await response.json();
        if (typeof info === 'object' && info !== null && 'agent_name' in info && typeof info.agent_name === 'string') {
          if (info.agent_name !== expectedAgentName) {
            return { ok: false, error: `${url} is registered as "${info.agent_name}", expected "${expectedAgentName}"` };
          }
        }
        return { ok: true };
      } catch {
        // /worker is informational; the registration check above is authoritative.
        return { ok: true };
      }
    },
  };
}

export async function checkHealth(deps: HealthDeps, liveKitUrl: string, agentUrls: readonly string[]): Promise<HealthReport> {
  // Probes should not throw, but a faulty one must not turn the health endpoint into a 500.
  const safely = (work: () => Promise<ProbeResult>): Promise<ProbeResult> =>
    work().catch((error: unknown) => ({ ok: false, error: describe(error) }));
  const store = deps.store;
  const storeCheck = store
    ? withTimeout(2_000, store.ping()).then(
        (): ProbeResult => ({ ok: true }),
        (error: unknown): ProbeResult => ({ ok: false, error: describe(error) }),
      )
    : Promise.resolve<ProbeResult>({ ok: true });
  const [storeResult, livekit, ...agents] = await Promise.all([
    storeCheck,
    safely(() => deps.livekit.check()),
    ...agentUrls.map((url) => safely(() => deps.agent.check(url))),
  ]);
  const registered = agents.filter((result) => result.ok).length;
  const agentErrors = agents.flatMap((result) => (result.ok || result.error === undefined ? [] : [result.error]));
  if (agentUrls.length === 0) agentErrors.push('no agent health URLs configured');

  const livekitOk = livekit?.ok === true;
  const agentsOk = agentUrls.length > 0 && registered === agentUrls.length;
  const storeOk = storeResult?.ok === true;
  const body: HealthResponse = {
    status: livekitOk && agentsOk && storeOk ? 'ok' : 'degraded',
    livekit: {
      reachable: livekitOk,
      url: liveKitUrl,
      ...(livekitOk ? {} : { error: livekit?.error ?? 'unknown error' }),
    },
    agent: {
      registered: agentsOk,
      workers: registered,
      ...(agentErrors.length === 0 ? {} : { error: agentErrors.join('; ') }),
    },
    ...(store
      ? { store: { ready: storeOk, kind: store.kind, ...(storeOk ? {} : { error: storeResult?.error ?? 'unknown error' }) } }
      : {}),
  };
  return { httpStatus: body.status === 'ok' ? 200 : 503, body };
}
