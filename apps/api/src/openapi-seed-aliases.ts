import { createRoomRequestSchema, tokenRequestSchema } from '@parley/protocol';
import { error, input, type JsonSchema, json, nullable, ref } from './openapi-schema.js';
import { CREATE_ROOM_FIELDS, type FieldAlias, TOKEN_FIELDS } from './seed-shapes.js';

/** Pieces of Parley's own document the aliases share, so both change together (auth, errors, parameters). */
export interface SharedDocParts {
  authed: JsonSchema;
  common: Record<string, unknown>;
  roomParam: JsonSchema;
  idParam: JsonSchema;
  sessionListParameters: JsonSchema[];
}

const TAG = 'seed aliases';

const FIELD_NOTES: Record<string, string> = {
  room_name: 'the room',
  name: "Parley's name for the same field",
  room: "Parley's name for room_name",
  identity: "Parley's name for participant_identity",
  participant_identity: 'the participant identity; participant_name is used when absent',
  participant_name: 'display name; also the identity when participant_identity is absent',
  dispatch_agent: 'start (or join) the room’s AI session before answering; default true',
  dispatchAgent: "Parley's name for dispatch_agent",
};

/**
 * A seed request body from Parley's schema for it: every name a field may be sent under, with
 * Parley's constraints, and each required field required under one of its names.
 */
function aliasedBody(parley: JsonSchema, aliases: readonly FieldAlias[]): JsonSchema {
  const fields = (parley.properties ?? {}) as Record<string, JsonSchema>;
  const required = Array.isArray(parley.required) ? (parley.required as string[]) : [];
  const properties: Record<string, JsonSchema> = {};
  for (const alias of aliases) {
    for (const name of alias.names) properties[name] = { ...fields[alias.field], description: FIELD_NOTES[name] ?? '' };
    if (alias.fallback !== undefined) properties[alias.fallback] ??= { ...fields[alias.field], description: FIELD_NOTES[alias.fallback] ?? '' };
  }
  const requiredUnderAName = aliases
    .filter((alias) => required.includes(alias.field))
    .map((alias) => ({ anyOf: [...alias.names, ...(alias.fallback === undefined ? [] : [alias.fallback])].map((name) => ({ required: [name] })) }));
  return { type: 'object', properties, additionalProperties: false, ...(requiredUnderAName.length === 0 ? {} : { allOf: requiredUnderAName }) };
}

const seedSession: JsonSchema = {
  type: 'object',
  required: ['session_id', 'room_name', 'status', 'started_at', 'ended_at', 'end_reason', 'turn_count', 'latency'],
  properties: {
    session_id: { type: 'string', format: 'uuid' },
    room_name: { type: 'string' },
    status: { enum: ['active', 'ended'] },
    started_at: { type: 'string', format: 'date-time' },
    ended_at: nullable('string'),
    end_reason: nullable('string'),
    turn_count: { type: 'integer' },
    latency: { oneOf: [{ type: 'null' }, { type: 'object', properties: { p50_ms: { type: 'number' }, p95_ms: { type: 'number' } } }] },
  },
};

export function seedAliasSchemas(): Record<string, JsonSchema> {
  return {
    SeedCreateRoomRequest: aliasedBody(input(createRoomRequestSchema), CREATE_ROOM_FIELDS),
    SeedTokenRequest: aliasedBody(input(tokenRequestSchema), TOKEN_FIELDS),
    SeedRoom: {
      type: 'object',
      required: ['room_name', 'created', 'created_at'],
      properties: { room_name: { type: 'string' }, created: { type: 'boolean', description: 'false when the room already was yours' }, created_at: { type: 'string', format: 'date-time' } },
    },
    SeedToken: {
      type: 'object',
      required: ['token', 'url', 'participant_token', 'server_url', 'room_name', 'participant_identity', 'expires_at', 'session_id'],
      properties: {
        token: { type: 'string', description: 'participant JWT for LiveKit' },
        url: { type: 'string', description: 'LiveKit URL to connect to' },
        participant_token: { type: 'string', description: 'token again, as LiveKit’s standard token endpoint names it' },
        server_url: { type: 'string', description: 'url again, as LiveKit’s standard token endpoint names it' },
        room_name: { type: 'string' },
        participant_identity: { type: 'string' },
        expires_at: { type: 'string', format: 'date-time' },
        session_id: { ...nullable('string'), description: 'the room’s AI session; null when dispatch_agent was false' },
      },
    },
    SeedSession: seedSession,
    SeedRoomStatus: {
      type: 'object',
      required: ['room_name', 'created_at', 'live', 'num_participants', 'participants', 'agent', 'active_session_id'],
      properties: {
        room_name: { type: 'string' },
        created_at: { type: 'string', format: 'date-time' },
        live: { type: 'boolean', description: 'whether LiveKit hosts the room now' },
        num_participants: { type: 'integer' },
        participants: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              identity: { type: 'string' },
              name: { type: 'string' },
              kind: { enum: ['user', 'agent', 'other'] },
              agent_state: nullable('string'),
              tracks: {
                type: 'array',
                items: { type: 'object', properties: { sid: { type: 'string' }, kind: { type: 'string' }, source: { type: 'string' }, muted: { type: 'boolean' } } },
              },
            },
          },
        },
        agent: { type: 'object', properties: { present: { type: 'boolean' }, state: nullable('string') } },
        active_session_id: nullable('string'),
      },
    },
  };
}

/** The seed projects' routes (routes/seed-aliases.ts); `x-parley-alias-of` names the Parley route each one runs. */
export function seedAliasPaths(shared: SharedDocParts): Record<string, JsonSchema> {
  const { authed, common } = shared;
  const roomName = { ...shared.roomParam, name: 'room_name' };
  const sessionId = { ...shared.idParam, name: 'session_id' };
  const alias = (of: string, summary: string) => ({ tags: [TAG], summary, 'x-parley-alias-of': of, ...authed });
  const createRoom = {
    post: {
      ...alias('POST /api/rooms', 'Create a room (idempotent by name; a name is generated when absent)'),
      requestBody: { required: false, ...json(ref('SeedCreateRoomRequest')) },
      responses: { '201': { description: 'created', ...json(ref('SeedRoom')) }, '200': { description: 'already yours', ...json(ref('SeedRoom')) }, '409': error('name taken'), '502': error('LiveKit refused'), ...common },
    },
  };
  const session = (description: string) => ({ description, ...json(ref('SeedSession')) });
  return {
    '/api/create-room': createRoom,
    '/api/generate-token': {
      post: {
        ...alias('POST /api/token', 'Room and user in, participant token and LiveKit URL out; brings the AI into the room unless dispatch_agent is false'),
        requestBody: { required: true, ...json(ref('SeedTokenRequest')) },
        responses: { '200': { description: 'token', ...json(ref('SeedToken')) }, '404': error('room belongs to someone else'), '502': error('LiveKit refused'), ...common },
      },
    },
    '/livekit/rooms': createRoom,
    '/livekit/rooms/{room_name}/join': {
      post: {
        ...alias('POST /api/rooms/{room}/sessions', 'Bring the AI into the room: starts a session, or answers the one whose agent is already there (its options unchanged)'),
        parameters: [roomName],
        requestBody: { required: false, ...json(ref('SessionOptions')) },
        responses: { '201': session('started'), '200': session('the AI was already there'), '404': error('no such room'), '502': error('LiveKit refused'), ...common },
      },
    },
    '/livekit/rooms/{room_name}/status': {
      get: {
        ...alias('GET /api/rooms/{room}', 'Participants, their tracks, the agent and its state'),
        parameters: [roomName],
        responses: { '200': { description: 'room status', ...json(ref('SeedRoomStatus')) }, '404': error('no such room'), '502': error('LiveKit unreachable'), ...common },
      },
    },
    '/livekit/rooms/{room_name}/sessions': {
      post: {
        ...alias('POST /api/rooms/{room}/sessions', 'Start an AI session (dispatches the agent with these options)'),
        parameters: [roomName],
        requestBody: { required: false, ...json(ref('SessionOptions')) },
        responses: { '201': session('started'), '404': error('no such room'), '409': error('room already has an active session'), '502': error('LiveKit refused'), ...common },
      },
    },
    '/livekit/rooms/{room_name}/sessions/{session_id}': {
      delete: {
        ...alias('DELETE /api/rooms/{room}/sessions/{id}', 'End the session: the agent leaves, the record is closed'),
        parameters: [roomName, sessionId],
        responses: { '200': session('ended'), '404': error('no such session'), '502': error('LiveKit unreachable'), ...common },
      },
    },
    '/livekit/sessions': {
      get: {
        ...alias('GET /api/sessions', 'Sessions, newest first'),
        parameters: shared.sessionListParameters,
        responses: { '200': { description: 'list', ...json({ type: 'object', properties: { sessions: { type: 'array', items: ref('SeedSession') } } }) }, ...common },
      },
    },
    '/livekit/health': {
      get: { tags: [TAG], 'x-parley-alias-of': 'GET /api/health', summary: 'Liveness and readiness of LiveKit, agent workers and the store', responses: { '200': { description: 'all ready' }, '503': { description: 'degraded' } } },
    },
  };
}
