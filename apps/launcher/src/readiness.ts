import type { RunningService } from './supervisor.js';

export class StartupError extends Error {
  override readonly name = 'StartupError';
}

/** Polls an HTTP URL until `isReady` accepts the answer; fails fast if the service exits first. */
export async function waitForHttp(options: {
  url: string;
  service: RunningService;
  timeoutMs: number;
  isReady?: (status: number, body: string) => boolean;
  what: string;
}): Promise<void> {
  const isReady = options.isReady ?? ((status) => status === 200);
  const deadline = Date.now() + options.timeoutMs;
  let exitCode: string | null = null;
  void options.service.exited.then((code) => {
    exitCode = code;
  });
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (exitCode !== null) {
      throw new StartupError(`${options.what} exited (${exitCode}) before it was ready. Its last output:\n${options.service.recentOutput()}`);
    }
    try {
      const response = await fetch(options.url, { signal: AbortSignal.timeout(2000) });
      const body = await response.text();
      if (isReady(response.status, body)) return;
      lastProblem = `HTTP ${response.status}: ${body.slice(0, 200)}`;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new StartupError(
    `${options.what} was not ready within ${options.timeoutMs} ms (${options.url}: ${lastProblem}). Its last output:\n${options.service.recentOutput()}`,
  );
}
