import { z } from 'zod';

const ttsEngineSchema = z.enum(['auto', 'festival', 'flite', 'espeak-ng']);

const agentEnvSchema = z.object({
  LIVEKIT_URL: z.string({ error: 'LIVEKIT_URL is required (e.g. ws://127.0.0.1:7880)' }).url('LIVEKIT_URL must be a ws:// or wss:// URL'),
  LIVEKIT_API_KEY: z.string({ error: 'LIVEKIT_API_KEY is required' }).min(1, 'LIVEKIT_API_KEY must not be empty'),
  LIVEKIT_API_SECRET: z.string({ error: 'LIVEKIT_API_SECRET is required' }).min(1, 'LIVEKIT_API_SECRET must not be empty'),
  PARLEY_AGENT_HOST: z.string().default('127.0.0.1'),
  PARLEY_AGENT_PORT: z.coerce.number().int().min(0).max(65535).default(8081),
  PARLEY_AGENT_BRAIN: z.enum(['echo']).default('echo'),
  PARLEY_TTS_ENGINE: ttsEngineSchema.default('auto'),
  PARLEY_ENDPOINTING_MIN_DELAY_MS: z.coerce.number().int().min(0).max(10_000).default(500),
  PARLEY_ENDPOINTING_MAX_DELAY_MS: z.coerce.number().int().min(0).max(30_000).default(3000),
  PARLEY_MIN_INTERRUPTION_MS: z.coerce.number().int().min(0).max(5000).default(500),
  PARLEY_JOB_PROCESSES: z.coerce.number().int().min(0).max(32).default(1),
});

export interface AgentConfig {
  livekit: { url: string; apiKey: string; apiSecret: string };
  health: { host: string; port: number };
  brain: 'echo';
  ttsEngine: z.infer<typeof ttsEngineSchema>;
  turn: { minEndpointingDelayMs: number; maxEndpointingDelayMs: number; minInterruptionMs: number };
  idleJobProcesses: number;
}

export class AgentConfigError extends Error {
  override readonly name = 'AgentConfigError';
}

/** Reads the agent's settings once from the environment; throws one error listing every bad setting. */
export function loadAgentConfig(env: NodeJS.ProcessEnv = process.env): AgentConfig {
  const parsed = agentEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
    throw new AgentConfigError(`Invalid agent configuration:\n${problems}\nSet these in .parley/env (written by scripts/setup.sh) or the environment.`);
  }
  const value = parsed.data;
  if (value.PARLEY_ENDPOINTING_MAX_DELAY_MS < value.PARLEY_ENDPOINTING_MIN_DELAY_MS) {
    throw new AgentConfigError('PARLEY_ENDPOINTING_MAX_DELAY_MS must be at least PARLEY_ENDPOINTING_MIN_DELAY_MS');
  }
  return {
    livekit: { url: value.LIVEKIT_URL, apiKey: value.LIVEKIT_API_KEY, apiSecret: value.LIVEKIT_API_SECRET },
    health: { host: value.PARLEY_AGENT_HOST, port: value.PARLEY_AGENT_PORT },
    brain: value.PARLEY_AGENT_BRAIN,
    ttsEngine: value.PARLEY_TTS_ENGINE,
    turn: {
      minEndpointingDelayMs: value.PARLEY_ENDPOINTING_MIN_DELAY_MS,
      maxEndpointingDelayMs: value.PARLEY_ENDPOINTING_MAX_DELAY_MS,
      minInterruptionMs: value.PARLEY_MIN_INTERRUPTION_MS,
    },
    idleJobProcesses: value.PARLEY_JOB_PROCESSES,
  };
}
