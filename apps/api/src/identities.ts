import { HttpError } from './errors.js';

/**
 * Identities LiveKit agent workers join as: `agent-<job id>` by default, plus the bare word. A
 * participant token for one of them would let a person pose as the AI agent in the room.
 */
const RESERVED_IDENTITY = /^agent(?:[-_.@].*)?$/i;

export function isReservedIdentity(identity: string): boolean {
  return RESERVED_IDENTITY.test(identity);
}

/** Throws a 400 naming the field when a participant token would impersonate the agent. */
export function assertParticipantIdentity(identity: string): void {
  if (isReservedIdentity(identity)) {
    throw new HttpError(400, 'invalid request', [
      { path: 'identity', message: `identity "${identity}" is reserved for the AI agent; choose another` },
    ]);
  }
}

/** The job an agent participant runs (LiveKit agents join as `agent-<job id>`); null for other identities. */
export function jobIdOfAgentIdentity(identity: string): string | null {
  return identity.startsWith('agent-') && identity.length > 'agent-'.length ? identity.slice('agent-'.length) : null;
}
