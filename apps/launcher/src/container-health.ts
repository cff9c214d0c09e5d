/** Compose healthcheck of the api and agent containers: exit 0 when the service answers as ready. */
const role = process.argv[2];
const port = role === 'agent' ? (process.env.PARLEY_AGENT_PORT ?? '8081') : (process.env.PARLEY_API_PORT ?? '8080');
const host = process.env.PARLEY_BIND_HOST && process.env.PARLEY_BIND_HOST !== '0.0.0.0' ? process.env.PARLEY_BIND_HOST : '127.0.0.1';
// The agent's health is 200 once registered with LiveKit; the API's /api/health is 200 when LiveKit,
// an agent worker and the store are all ready (503 while one is not).
const url = role === 'agent' ? `http://${host}:${port}/` : `http://${host}:${port}/api/health`;
try {
  const response = await fetch(url, { signal: AbortSignal.timeout(2500) });
  process.exit(response.status === 200 ? 0 : 1);
} catch {
  process.exit(1);
}
