import type { TokenRequest, TokenResponse } from '@parley/protocol';

/** What a caller asks for; the API fills in the rest (dispatchAgent defaults to true). */
export type TokenAsk = Pick<TokenRequest, 'room' | 'identity'> & Partial<Pick<TokenRequest, 'name' | 'dispatchAgent'>>;

/** An API that neither answers nor refuses (its LiveKit calls stuck) must fail the caller, not hang it. */
const TOKEN_REQUEST_TIMEOUT_MS = 30_000;

/** Asks an API instance for a participant token the way the web page does (POST /api/token). */
export async function requestToken(apiUrl: string, ask: TokenAsk): Promise<TokenResponse> {
  const response = await fetch(`${apiUrl}/api/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ask),
    signal: AbortSignal.timeout(TOKEN_REQUEST_TIMEOUT_MS),
  });
  if (response.status !== 200) throw new Error(`token request to ${apiUrl} failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as TokenResponse;
}
