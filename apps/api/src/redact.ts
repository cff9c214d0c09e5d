/** LiveKit echoes rejected JWTs in its auth errors; tokens must never reach logs or public responses. */
const JWT = /eyJ[\w-]*\.[\w-]+\.[\w-]*/g;

export function redactTokens(text: string): string {
  return text.replace(JWT, '[token redacted]');
}

/** A short, token-free description of an error, safe for logs and health output. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'timed out';
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return redactTokens(`${error.message}${cause}`).slice(0, 500);
  }
  return redactTokens(String(error)).slice(0, 500);
}
