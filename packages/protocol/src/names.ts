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
