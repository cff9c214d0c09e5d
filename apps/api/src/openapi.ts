import {
  changePasswordRequestSchema,
  createRoomRequestSchema,
  signInRequestSchema,
  sessionEventsBodySchema,
  sessionListQuerySchema,
  sessionOptionsSchema,
  tokenRequestSchema,
  turnMetricsSchema,
} from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import { error, input, type JsonSchema, json, nullable, ref } from './openapi-schema.js';
import { seedAliasPaths, seedAliasSchemas } from './openapi-seed-aliases.js';

const sessionSummary: JsonSchema = {
  type: 'object',
  required: ['id', 'room', 'status', 'startedAt', 'endedAt', 'endReason', 'turnCount', 'latency'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    room: { type: 'string' },
    status: { enum: ['active', 'ended'] },
    startedAt: { type: 'string', format: 'date-time' },
    endedAt: nullable('string'),
    endReason: nullable('string'),
    turnCount: { type: 'integer' },
    latency: { oneOf: [{ type: 'null' }, { type: 'object', properties: { p50Ms: { type: 'number' }, p95Ms: { type: 'number' } } }] },
    queue: { oneOf: [{ type: 'null' }, { $ref: '#/components/schemas/SessionQueueStatus' }], description: 'set while the session waits for a free agent slot' },
  },
};

const sessionQueueStatus: JsonSchema = {
  type: 'object',
  required: ['state', 'position', 'length', 'enqueuedAt', 'waitedMs', 'maxWaitMs', 'agentsUp'],
  properties: {
    state: { enum: ['queued', 'dispatching'], description: 'dispatching: an agent was asked for and has not answered yet' },
    position: { type: 'integer', minimum: 1, description: '1 for the first in line' },
    length: { type: 'integer', minimum: 1, description: 'everyone waiting, this session included' },
    enqueuedAt: { type: 'string', format: 'date-time' },
    waitedMs: { type: 'integer', minimum: 0 },
    maxWaitMs: { type: 'integer', description: "after this long the session ends with endReason 'queue-timeout'" },
    agentsUp: { type: 'boolean', description: 'false when no agent worker answers its health check: the agent service is down, not busy' },
  },
};

export function buildOpenApiDocument(): JsonSchema {
  const roomParam = { name: 'room', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_-]*$', maxLength: 64 } };
  const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
  const authed = { security: [{ apiKey: [] }, { signInCookie: [] }, {}] };
  const common = {
    '400': error('invalid input, with one detail per field'),
    '401': error('missing or invalid API key'),
    '403': error('cross-site request: a foreign Origin, or a body-less POST/DELETE without the X-Parley-Request header'),
    '421': error('Host is not one of this server\'s names (PARLEY_API_ALLOWED_HOSTS)'),
    '429': error('rate limited'),
  };
  const marker = { name: 'X-Parley-Request', in: 'header', required: false, description: 'required (any value) on a POST or DELETE sent without a JSON body', schema: { type: 'string' } };
  const query = input(sessionListQuerySchema) as { properties?: Record<string, JsonSchema> };
  const sessionListParameters = Object.entries(query.properties ?? {}).map(([name, schema]) => ({ name, in: 'query', required: false, schema }));
  return {
    openapi: '3.1.0',
    info: { title: 'Parley API', version: '0.1.0', description: 'Rooms, participant tokens and AI agent sessions on a self-hosted LiveKit server.' },
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: '`pk_<keyId>_<secret>` in api-key and accounts modes; open mode (loopback only) needs none' },
        signInCookie: { type: 'apiKey', in: 'cookie', name: 'parley_session', description: 'accounts mode: set by POST /api/auth/sign-in (httpOnly, SameSite=Strict)' },
        agentToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: "HS256 JWT signed with the session's reportKey (from the agent dispatch metadata), aud = parley:agent-report, sid = the session id, at most 15 minutes long",
        },
      },
      schemas: {
        ApiError: {
          type: 'object',
          required: ['error'],
          properties: { error: { type: 'string' }, details: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } } },
        },
        TokenRequest: input(tokenRequestSchema),
        SignInRequest: input(signInRequestSchema),
        ChangePasswordRequest: input(changePasswordRequestSchema),
        Me: {
          type: 'object',
          required: ['mode', 'user'],
          properties: {
            mode: { enum: ['open', 'api-key', 'accounts'] },
            user: { oneOf: [{ type: 'null' }, { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, admin: { type: 'boolean' } } }] },
          },
        },
        CreateRoomRequest: input(createRoomRequestSchema),
        SessionOptions: input(sessionOptionsSchema),
        SessionEventsBody: input(sessionEventsBodySchema),
        TurnMetrics: input(turnMetricsSchema),
        SessionSummary: sessionSummary,
        SessionQueueStatus: sessionQueueStatus,
        SessionQueueResponse: {
          type: 'object',
          required: ['sessionId', 'status', 'endReason', 'queue'],
          properties: {
            sessionId: { type: 'string', format: 'uuid' },
            status: { enum: ['active', 'ended'] },
            endReason: nullable('string'),
            queue: { oneOf: [{ type: 'null' }, ref('SessionQueueStatus')], description: 'null once an agent was assigned, or when the session ended' },
          },
        },
        SessionDetail: {
          allOf: [
            ref('SessionSummary'),
            {
              type: 'object',
              properties: {
                options: ref('SessionOptions'),
                transcript: {
                  type: 'array',
                  items: { type: 'object', properties: { role: { enum: ['user', 'agent'] }, text: { type: 'string' }, at: { type: 'string' }, interrupted: { type: 'boolean' } } },
                },
                turns: { type: 'array', items: ref('TurnMetrics') },
              },
            },
          ],
        },
        ...seedAliasSchemas(),
      },
    },
    paths: {
      '/api/health': { get: { summary: 'Liveness and readiness of LiveKit, agent workers and the store', responses: { '200': { description: 'all ready' }, '503': { description: 'degraded' } } } },
      '/api/openapi.json': { get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1' } } } },
      '/api/rooms': {
        post: {
          summary: 'Create a room (idempotent by name; a name is generated when absent)',
          ...authed,
          parameters: [marker],
          requestBody: { required: false, ...json(ref('CreateRoomRequest')) },
          responses: { '201': { description: 'created' }, '200': { description: 'already yours' }, '409': error('name taken'), ...common },
        },
      },
      '/api/token': {
        post: {
          summary: 'Mint a participant token; optionally dispatches the agent (a session)',
          ...authed,
          requestBody: { required: true, ...json(ref('TokenRequest')) },
          responses: {
            '200': { description: 'token, serverUrl, expiresAt, sessionId when dispatched (the session may wait for a free agent: GET /api/sessions/{id}/queue)' },
            '404': error('room belongs to someone else'),
            '502': error('LiveKit refused'),
            ...common,
            '429': error('rate limited, or the caller already holds PARLEY_MAX_SESSIONS_PER_TENANT active sessions'),
            '503': error('every agent is busy and the dispatch queue is full (PARLEY_DISPATCH_QUEUE_MAX)'),
            '400': error('invalid input, with one detail per field; the identities the agent uses ("agent", "agent-…") are reserved'),
          },
        },
      },
      '/api/rooms/{room}': {
        get: {
          summary: "Participants, their tracks, the agent and its state; `queue` is the active session's place while it waits for an agent",
          ...authed,
          parameters: [roomParam],
          responses: { '200': { description: 'room status' }, '404': error('no such room'), ...common },
        },
      },
      '/api/rooms/{room}/sessions': {
        post: {
          summary: 'Start an AI session (dispatches the agent with these options; when every agent is busy the session waits in a first-come queue, see `queue`)',
          ...authed,
          parameters: [roomParam, marker],
          requestBody: { required: false, ...json(ref('SessionOptions')) },
          responses: {
            '201': { description: 'started (or queued)', ...json(ref('SessionSummary')) },
            '404': error('no such room'),
            '409': error('room already has an active session'),
            '502': error('LiveKit refused the dispatch'),
            ...common,
            '429': error('rate limited, or the caller already holds PARLEY_MAX_SESSIONS_PER_TENANT active sessions'),
            '503': error('every agent is busy and the dispatch queue is full (PARLEY_DISPATCH_QUEUE_MAX)'),
          },
        },
      },
      '/api/rooms/{room}/sessions/{id}': {
        delete: { summary: 'End the session: the agent leaves, the record is closed', ...authed, parameters: [roomParam, idParam, marker], responses: { '200': { description: 'ended', ...json(ref('SessionSummary')) }, '404': error('no such session'), ...common } },
      },
      '/api/sessions': {
        get: {
          summary: 'Sessions, newest first',
          ...authed,
          parameters: sessionListParameters,
          responses: { '200': { description: 'list', ...json({ type: 'object', properties: { sessions: { type: 'array', items: ref('SessionSummary') } } }) }, ...common },
        },
      },
      '/api/sessions/{id}': {
        get: { summary: 'One session with transcript and per-turn metrics', ...authed, parameters: [idParam], responses: { '200': { description: 'detail', ...json(ref('SessionDetail')) }, '404': error('no such session'), ...common } },
      },
      '/api/sessions/{id}/queue': {
        get: {
          summary: 'The session status and its place in the dispatch queue (small; a waiting page polls it)',
          ...authed,
          parameters: [idParam],
          responses: { '200': { description: 'status', ...json(ref('SessionQueueResponse')) }, '404': error('no such session'), ...common },
        },
      },
      '/api/auth/config': { get: { summary: 'The auth mode: open, api-key or accounts (public)', responses: { '200': { description: 'mode', ...json({ type: 'object', properties: { mode: { enum: ['open', 'api-key', 'accounts'] } } }) } } } },
      '/api/auth/sign-in': {
        post: {
          summary: 'accounts mode: sign in; sets the session cookie',
          requestBody: { required: true, ...json(ref('SignInRequest')) },
          responses: { '200': { description: 'signed in', ...json(ref('Me')) }, '400': error('invalid input'), '401': error('wrong name or password (the same for unknown and disabled accounts)'), '429': error('too many attempts for this account or address') },
        },
      },
      '/api/auth/sign-out': { post: { summary: 'accounts mode: end this sign-in and clear the cookie', responses: { '204': { description: 'signed out' } } } },
      '/api/auth/me': { get: { summary: 'Who is signed in', security: [{ signInCookie: [] }], responses: { '200': { description: 'the user (null outside accounts mode)', ...json(ref('Me')) }, '401': error('not signed in, or the sign-in expired') } } },
      '/api/auth/password': {
        post: {
          summary: 'accounts mode: change the password (ends the other sign-ins)',
          security: [{ signInCookie: [] }],
          requestBody: { required: true, ...json(ref('ChangePasswordRequest')) },
          responses: { '204': { description: 'changed' }, '400': error('invalid input'), '401': error('not signed in'), '403': error('the current password is wrong'), '429': error('too many attempts') },
        },
      },
      '/api/livekit/webhook': { post: { summary: 'LiveKit webhooks (signed with the LiveKit API key)', responses: { '200': { description: 'processed' }, '401': error('bad signature') } } },
      '/api/internal/sessions/{id}/events': {
        post: {
          summary: 'Agent workers report transcript, turn metrics and lifecycle',
          security: [{ agentToken: [] }],
          parameters: [idParam],
          requestBody: { required: true, ...json(ref('SessionEventsBody')) },
          responses: {
            '202': { description: 'accepted' },
            '400': error('invalid events'),
            '401': error('no valid agent token for this session (or no such session)'),
            '409': error('the session has ended; it accepts no more events'),
            '413': error('report larger than 512 KiB'),
            '429': error('too many reports for this session, or too many rejected credentials from this address'),
          },
        },
      },
      ...seedAliasPaths({ authed, common, roomParam, idParam, sessionListParameters }),
    },
  };
}

export function registerOpenApiRoute(app: FastifyInstance): void {
  const document = buildOpenApiDocument();
  app.get('/api/openapi.json', async (_request, reply) => {
    reply.header('cache-control', 'no-cache');
    return document;
  });
}
