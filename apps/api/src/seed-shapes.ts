import type { RoomParticipantInfo, RoomResponse, RoomStatusResponse, RoomTrackInfo, SessionSummary, TokenResponse } from '@parley/protocol';
import { HttpError } from './errors.js';

/**
 * Translation between the request/response shapes of clients written against Parley's seed
 * projects (snake_case: room_name, participant_identity, session_id …, the same names LiveKit's
 * standard token endpoint uses) and Parley's own. Validation stays Parley's: bodies are renamed
 * into Parley's shape and checked by the same schemas, and errors are renamed back.
 */

/** One field of a Parley request body and the names a seed client may send it under. */
export interface FieldAlias {
  /** Parley's field name. */
  field: string;
  /** Names meaning exactly this field (Parley's own among them); sending two is an error. The first names the field in errors. */
  names: readonly string[];
  /** Another field read when none of `names` is sent (older seeds used participant_name as the identity). */
  fallback?: string;
}

/** `POST /api/create-room`, `POST /livekit/rooms`: an optional room name. */
export const CREATE_ROOM_FIELDS: readonly FieldAlias[] = [{ field: 'name', names: ['room_name', 'name'] }];

/** `POST /api/generate-token`: room and user in. */
export const TOKEN_FIELDS: readonly FieldAlias[] = [
  { field: 'room', names: ['room_name', 'room'] },
  { field: 'identity', names: ['participant_identity', 'identity'], fallback: 'participant_name' },
  { field: 'name', names: ['participant_name', 'name'] },
  { field: 'dispatchAgent', names: ['dispatch_agent', 'dispatchAgent'] },
];

/** Path parameters: the routes use Parley's names (`:room`, `:id`); the seed documents these. */
export const PATH_PARAM_NAMES: ReadonlyMap<string, string> = new Map([
  ['room', 'room_name'],
  ['id', 'session_id'],
]);

export interface AdaptedBody {
  /**
   * The body in Parley's shape, for Parley's validation; throws a 400 when two names for one field
   * were sent. Handlers call it once the caller is authenticated, so 401 and 429 still come first.
   */
  read: () => unknown;
  /** Parley field → the name the client knows it by, for error details. */
  reportAs: ReadonlyMap<string, string>;
}

/** A 400 already phrased in the client's field names, which `inSeedTerms` leaves as it is. */
class SeedFieldError extends HttpError {}

const has = (record: Record<string, unknown>, key: string): boolean => Object.prototype.hasOwnProperty.call(record, key);

/** Renames a seed body into Parley's shape; anything else sent passes through for the schema to refuse. */
export function toParleyBody(sent: unknown, aliases: readonly FieldAlias[]): AdaptedBody {
  const reportAs = new Map(aliases.map((alias): [string, string] => [alias.field, alias.names[0] ?? alias.field]));
  if (typeof sent !== 'object' || sent === null || Array.isArray(sent)) return { read: () => sent, reportAs };
  const input = sent as Record<string, unknown>;
  const aliasNames = new Set(aliases.flatMap((alias) => [...alias.names, ...(alias.fallback === undefined ? [] : [alias.fallback])]));
  const entries: [string, unknown][] = Object.entries(input).filter(([key]) => !aliasNames.has(key));
  const conflicts: { path: string; message: string }[] = [];
  for (const alias of aliases) {
    const sentNames = alias.names.filter((name) => has(input, name));
    if (sentNames.length > 1) conflicts.push({ path: sentNames[1] ?? '', message: `send ${sentNames.join(' or ')}, not both` });
    const source = sentNames[0] ?? (alias.fallback !== undefined && has(input, alias.fallback) ? alias.fallback : undefined);
    if (source === undefined) continue;
    entries.push([alias.field, input[source]]);
    reportAs.set(alias.field, source);
  }
  // fromEntries defines own properties, so a "__proto__" key stays a key the schema refuses.
  const body = Object.fromEntries(entries);
  return {
    read: () => {
      if (conflicts.length > 0) throw new SeedFieldError(400, 'invalid request', conflicts);
      return body;
    },
    reportAs,
  };
}

/** Re-labels a validation error's details with the client's field names (room → room_name). */
export function inSeedTerms(error: unknown, reportAs: ReadonlyMap<string, string>): unknown {
  if (!(error instanceof HttpError) || error instanceof SeedFieldError || error.details === undefined) return error;
  const details = error.details.map((detail) => {
    const [top = '', ...rest] = detail.path.split('.');
    const name = reportAs.get(top);
    // An unknown field is already named as the client sent it.
    if (name === undefined || name === top || detail.message === `unknown field "${detail.path}"`) return detail;
    const path = [name, ...rest].join('.');
    return { path, message: detail.message === `${detail.path} is required` ? `${path} is required` : detail.message };
  });
  return new HttpError(error.statusCode, error.message, details);
}

export interface SeedRoom {
  room_name: string;
  /** false when the room already existed for this caller (the call is idempotent). */
  created: boolean;
  created_at: string;
}

export interface SeedToken {
  token: string;
  url: string;
  /** The same two again under the names of LiveKit's standard token endpoint (TokenSource clients). */
  participant_token: string;
  server_url: string;
  room_name: string;
  participant_identity: string;
  expires_at: string;
  /** The agent session the token's room runs; null when the request asked for no agent. */
  session_id: string | null;
}

export interface SeedSession {
  session_id: string;
  room_name: string;
  status: SessionSummary['status'];
  started_at: string;
  ended_at: string | null;
  end_reason: string | null;
  turn_count: number;
  latency: { p50_ms: number; p95_ms: number } | null;
}

export interface SeedTrack {
  sid: string;
  kind: RoomTrackInfo['kind'];
  source: RoomTrackInfo['source'];
  muted: boolean;
}

export interface SeedParticipant {
  identity: string;
  name: string;
  kind: RoomParticipantInfo['kind'];
  agent_state: string | null;
  tracks: SeedTrack[];
}

export interface SeedRoomStatus {
  room_name: string;
  created_at: string;
  live: boolean;
  num_participants: number;
  participants: SeedParticipant[];
  agent: { present: boolean; state: string | null };
  active_session_id: string | null;
}

export const toSeedRoom = (room: RoomResponse): SeedRoom => ({ room_name: room.name, created: room.created, created_at: room.createdAt });

export const toSeedToken = (token: TokenResponse): SeedToken => ({
  token: token.token,
  url: token.serverUrl,
  participant_token: token.token,
  server_url: token.serverUrl,
  room_name: token.room,
  participant_identity: token.identity,
  expires_at: token.expiresAt,
  session_id: token.sessionId ?? null,
});

export const toSeedSession = (session: SessionSummary): SeedSession => ({
  session_id: session.id,
  room_name: session.room,
  status: session.status,
  started_at: session.startedAt,
  ended_at: session.endedAt,
  end_reason: session.endReason,
  turn_count: session.turnCount,
  latency: session.latency === null ? null : { p50_ms: session.latency.p50Ms, p95_ms: session.latency.p95Ms },
});

const toSeedParticipant = (participant: RoomParticipantInfo): SeedParticipant => ({
  identity: participant.identity,
  name: participant.name,
  kind: participant.kind,
  agent_state: participant.agentState,
  tracks: participant.tracks.map((track) => ({ sid: track.sid, kind: track.kind, source: track.source, muted: track.muted })),
});

export const toSeedRoomStatus = (room: RoomStatusResponse): SeedRoomStatus => ({
  room_name: room.name,
  created_at: room.createdAt,
  live: room.live,
  num_participants: room.participants.length,
  participants: room.participants.map(toSeedParticipant),
  agent: { present: room.agent.present, state: room.agent.state },
  active_session_id: room.activeSessionId,
});
