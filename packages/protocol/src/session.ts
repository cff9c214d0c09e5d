import { z } from 'zod';
import { roomNameSchema } from './validation.js';

/** Provider and voice names: short, lowercase-ish identifiers the server config allow-lists. */
const providerNameSchema = (field: string) =>
  z
    .string({ error: `${field} must be a string` })
    .min(1, `${field} must not be empty`)
    .max(64, `${field} must be at most 64 characters`)
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, `${field} may contain only letters, digits, ".", ":", "-" and "_"`);

/** Tabs and newlines are fine in instructions; other control characters are not. */
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export const sessionOptionsSchema = z
  .object({
    instructions: z
      .string({ error: 'instructions must be a string' })
      .max(4000, 'instructions must be at most 4000 characters')
      .refine((value) => !CONTROL_CHARS.test(value), 'instructions must not contain control characters')
      .optional(),
    voice: providerNameSchema('voice').optional(),
    llm: providerNameSchema('llm').optional(),
    stt: providerNameSchema('stt').optional(),
    tts: providerNameSchema('tts').optional(),
    vision: z.boolean({ error: 'vision must be true or false' }).optional(),
  })
  .strict();

export type SessionOptions = z.infer<typeof sessionOptionsSchema>;

/** Job metadata the API attaches to an agent dispatch; the agent reads it from `ctx.job.metadata`. */
export interface SessionDispatchMetadata {
  sessionId: string;
  options: SessionOptions;
  /**
   * The agent's credential for this one session: it signs its event reports with this key
   * (see AGENT_REPORT_AUDIENCE). A secret: never log it, never send it to a browser.
   */
  reportKey?: string;
  /** Present when this agent replaces one that died mid-conversation. */
  resume?: ResumeContext;
}

/** The most recent transcript lines a replacement agent is given, and the length each is cut to. */
export const MAX_RESUME_HISTORY_ENTRIES = 24;
export const MAX_RESUME_ENTRY_CHARS = 600;

/** What a replacement agent needs to carry on where the one that died stopped. */
export interface ResumeContext {
  /** The conversation so far, oldest first (the tail of it when long). */
  history: { role: 'user' | 'agent'; text: string }[];
  /** When the API learned that the previous agent was gone. */
  lostAt: string;
  /** 1 for the first replacement in this session, 2 for the next … */
  attempt: number;
}

export const resumeContextSchema = z.object({
  history: z
    .array(z.object({ role: z.enum(['user', 'agent']), text: z.string().max(MAX_RESUME_ENTRY_CHARS) }))
    .max(MAX_RESUME_HISTORY_ENTRIES),
  lostAt: z.iso.datetime({ offset: true }),
  attempt: z.number().int().min(1).max(1000),
});

export type TranscriptRole = 'user' | 'agent';

export interface TranscriptEntry {
  role: TranscriptRole;
  text: string;
  at: string;
  interrupted?: boolean;
}

const isoTimestampSchema = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 timestamp' });
const nullableMs = z.number().finite().min(0).max(3_600_000).nullable();

export const turnMetricsSchema = z
  .object({
    turnId: z.string().min(1).max(128),
    userSpeechEndedAt: z.number().finite().min(0),
    endOfUtteranceMs: nullableMs,
    transcriptionMs: nullableMs,
    llmFirstTokenMs: nullableMs,
    ttsFirstByteMs: nullableMs,
    endToEndMs: nullableMs,
  })
  .strict();

export const sessionEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('started'), at: isoTimestampSchema, room: roomNameSchema, jobId: z.string().min(1).max(128) }).strict(),
  z
    .object({
      type: z.literal('transcript'),
      at: isoTimestampSchema,
      role: z.enum(['user', 'agent']),
      text: z.string().max(8000),
      interrupted: z.boolean().optional(),
    })
    .strict(),
  z.object({ type: z.literal('turn'), turn: turnMetricsSchema }).strict(),
  z.object({ type: z.literal('ended'), at: isoTimestampSchema, reason: z.string().min(1).max(200) }).strict(),
]);

export type SessionEvent = z.infer<typeof sessionEventSchema>;

export const MAX_EVENTS_PER_REPORT = 200;

export const sessionEventsBodySchema = z
  .object({
    events: z.array(sessionEventSchema).min(1).max(MAX_EVENTS_PER_REPORT),
    /** The reporting agent's job: a session keeps the first agent that starts, and refuses any other. */
    jobId: z.string().min(1).max(128).optional(),
  })
  .strict();

/**
 * The API's answer (HTTP 409, as `error`) to a report from an agent that is not the session's
 * agent: two jobs were started for one session (a slow job whose dispatch was given up and
 * tried again), and the other one started first. The refused agent leaves the room.
 */
export const AGENT_SUPERSEDED_ERROR = 'another agent has taken over this session';

export type SessionEventsBody = z.infer<typeof sessionEventsBodySchema>;

export type SessionStatus = 'active' | 'ended';

export interface SessionSummary {
  id: string;
  room: string;
  status: SessionStatus;
  startedAt: string;
  endedAt: string | null;
  endReason: string | null;
  turnCount: number;
  latency: { p50Ms: number; p95Ms: number } | null;
  /** Set while the session waits for an agent slot; null (or absent) once an agent was assigned or it ended. */
  queue?: SessionQueueStatus | null;
}

/** Where a session stands while it waits for an agent slot (every agent worker was full). */
export interface SessionQueueStatus {
  /** 'queued': waiting for a free slot; 'dispatching': an agent was asked for and has not yet answered. */
  state: 'queued' | 'dispatching';
  /** 1 for the first in line. */
  position: number;
  /** Everyone waiting, this session included. */
  length: number;
  enqueuedAt: string;
  waitedMs: number;
  /** After this long in the queue the session ends with the reason 'queue-timeout'. */
  maxWaitMs: number;
  /** false when no agent worker answers its health check: the agent service is down, not busy. */
  agentsUp: boolean;
}

/** Reasons a session ends without ever getting an agent. */
export const END_REASON_QUEUE_TIMEOUT = 'queue-timeout';

/** GET /api/sessions/:id/queue: the small answer a page polls while it waits for its agent. */
export interface SessionQueueResponse {
  sessionId: string;
  status: SessionStatus;
  endReason: string | null;
  /** null once an agent was assigned, or when the session ended. */
  queue: SessionQueueStatus | null;
}

export interface SessionDetail extends SessionSummary {
  options: SessionOptions;
  transcript: TranscriptEntry[];
  turns: import('./turn-metrics.js').TurnMetrics[];
}

export interface SessionListResponse {
  sessions: SessionSummary[];
}

export const sessionListQuerySchema = z
  .object({
    status: z.enum(['active', 'ended'], { error: 'status must be "active" or "ended"' }).optional(),
    limit: z
      .string()
      .regex(/^\d{1,4}$/, 'limit must be an integer between 1 and 500')
      .transform(Number)
      .refine((value) => value >= 1 && value <= 500, 'limit must be an integer between 1 and 500')
      .optional(),
  })
  .strict();

/** Session ids are server-generated UUIDs; anything else is rejected before touching the store. */
export const sessionIdSchema = z.uuid({ error: 'session id must be a UUID' });

export const createRoomRequestSchema = z.object({ name: roomNameSchema.optional() }).strict();
export type CreateRoomRequest = z.infer<typeof createRoomRequestSchema>;

export interface RoomResponse {
  name: string;
  createdAt: string;
  /** false when the room already existed for this caller (the call is idempotent). */
  created: boolean;
}

export interface RoomTrackInfo {
  sid: string;
  kind: 'audio' | 'video' | 'data' | 'unknown';
  source: 'microphone' | 'camera' | 'screen_share' | 'screen_share_audio' | 'unknown';
  muted: boolean;
}

export interface RoomParticipantInfo {
  identity: string;
  name: string;
  kind: 'user' | 'agent' | 'other';
  /** `lk.agent.state` for agents, null otherwise. */
  agentState: string | null;
  tracks: RoomTrackInfo[];
}

export interface RoomStatusResponse {
  name: string;
  createdAt: string;
  /** Whether LiveKit currently hosts the room (it closes empty rooms after a timeout). */
  live: boolean;
  participants: RoomParticipantInfo[];
  agent: { present: boolean; state: string | null };
  activeSessionId: string | null;
  /** The active session's place in the dispatch queue; null when it is not waiting. */
  queue?: SessionQueueStatus | null;
}
