/** The name agent workers register under; explicit dispatch targets it. */
export const AGENT_NAME = 'parley-agent';

/** Text-stream topics used between the web client and the agent. */
export const TOPIC_TRANSCRIPTION = 'lk.transcription';
export const TOPIC_CHAT = 'lk.chat';
/** Per-turn latency metrics the agent publishes as JSON on this data topic. */
export const TOPIC_TURN_METRICS = 'parley.turn-metrics';

/** Participant attributes the agent sets. */
export const ATTRIBUTE_AGENT_STATE = 'lk.agent.state';
export const ATTRIBUTE_AGENT_VIEWING = 'parley.viewing';

/**
 * The web client sends a tiny lossy data packet on this topic every PRESENCE_INTERVAL_MS while it
 * is connected, so the agent can tell a vanished browser (no goodbye) from a quiet user long
 * before LiveKit's own 20 s departure detection.
 */
export const TOPIC_PRESENCE = 'parley.presence';
export const PRESENCE_INTERVAL_MS = 1000;

/**
 * `aud` of the JWTs an agent signs for `POST /api/internal/sessions/{id}/events`, with the session's
 * `reportKey` (HS256); `sid` is the session id. LiveKit tokens never carry this audience.
 */
export const AGENT_REPORT_AUDIENCE = 'parley:agent-report';

/**
 * A state-changing request without a JSON body must carry this header (any value): web pages on
 * other sites cannot send it without a CORS preflight, which the API refuses for them.
 */
export const REQUEST_MARKER_HEADER = 'X-Parley-Request';
