import { LAUNCHER_SETTINGS } from './launcher-config.js';

/** The address and ports a container's health check needs, read through the launcher's declarations. */
const healthSettings = LAUNCHER_SETTINGS.pick({ PARLEY_BIND_HOST: true, PARLEY_API_PORT: true, PARLEY_AGENT_PORT: true });

export type ContainerRole = 'api' | 'agent';

/**
 * Where a container's service says it is ready. The agent's health is 200 once registered with
 * LiveKit; the API's /api/health is 200 when LiveKit, an agent worker and the store are all ready
 * (503 while one is not). A service bound to every interface is asked on loopback.
 */
export function containerHealthUrl(role: ContainerRole, env: Record<string, string | undefined>): string {
  const settings = healthSettings.parse(env);
  const host = settings.PARLEY_BIND_HOST === '0.0.0.0' || settings.PARLEY_BIND_HOST === '' ? '127.0.0.1' : settings.PARLEY_BIND_HOST;
  return role === 'agent' ? `http://${host}:${settings.PARLEY_AGENT_PORT}/` : `http://${host}:${settings.PARLEY_API_PORT}/api/health`;
}
