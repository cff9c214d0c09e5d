import { ApiRequestError } from '../api/client';

// Kept free of livekit-client so the start screen can show errors without loading it.

/** Which step of starting a call failed; lets the UI (and later, telemetry) tell them apart. */
export type SessionStep = 'load' | 'microphone' | 'token' | 'connect' | 'publish';

export class SessionError extends Error {
  override readonly name = 'SessionError';

  constructor(
    readonly step: SessionStep,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function errorText(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return String(error);
}

export function apiErrorText(error: ApiRequestError): string {
  switch (error.kind) {
    case 'unreachable':
      return error.message;
    case 'http':
      return `The API server refused the request: ${error.message}`;
    case 'bad-response':
      return `The API server gave an unexpected answer: ${error.message}`;
  }
}

/** A message fit for the error banner, whatever was thrown. */
export function describeError(error: unknown): string {
  if (error instanceof SessionError) return error.message;
  if (error instanceof ApiRequestError) return apiErrorText(error);
  return `Something went wrong: ${errorText(error)}`;
}
