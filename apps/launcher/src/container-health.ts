/** Compose healthcheck of the api and agent containers: exit 0 when the service answers as ready. */
import { containerHealthUrl } from './health-url.js';

try {
  const url = containerHealthUrl(process.argv[2] === 'agent' ? 'agent' : 'api', process.env);
  const response = await fetch(url, { signal: AbortSignal.timeout(2500) });
  process.exit(response.status === 200 ? 0 : 1);
} catch {
  process.exit(1);
}
