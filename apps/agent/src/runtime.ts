import { PROVIDER_NAMES, type LlmProviderName, type SttProviderName } from '@parley/protocol';
import { z } from 'zod';
import { AgentConfigError, loadAgentConfig, type AgentConfig } from './config.js';

/**
 * The one variable that carries the worker's settled runtime to its job processes and its
 * inference process. @livekit/agents forks them with the worker's environment
 * (ipc/job_proc_executor.js, ipc/inference_proc_executor.js: `fork()` without `env`), so setting
 * it in the worker before the framework starts is how they receive it. JSON; validated on read.
 */
export const SETTLED_RUNTIME_VARIABLE = 'PARLEY_SETTLED_RUNTIME';

/** Its declaration beside the agent's settings (config.ts AGENT_SETTINGS): the worker's to set, nobody else's. */
export const RUNTIME_SETTINGS = z.object({
  [SETTLED_RUNTIME_VARIABLE]: z.string().optional().meta({ description: 'the settled runtime the agent worker hands its job processes (JSON); set by the worker only', internal: true }),
});

/** What the worker found installed and chose, once at start (settle-runtime.ts). */
export interface SettledEngines {
  /** The default brain: PARLEY_LLM, or what 'auto' became (the local model when installed, else echo). */
  llm: LlmProviderName;
  /** The default recognizer: PARLEY_STT, or what 'auto' became (Whisper when installed, else PocketSphinx). */
  stt: SttProviderName;
  /** Whisper's model folder; null when Whisper cannot run here. */
  whisperModelDir: string | null;
  /** Piper's voice file; null when Piper is not used or cannot run here. */
  piperVoiceFile: string | null;
  /** The local language model's GGUF file when the local brain is chosen or offered and installed; null otherwise. */
  llmModelFile: string | null;
  /** The engines the worker's inference process runs for every conversation (shared placement). */
  shared: { whisper: boolean; piper: boolean };
}

/** The worker's settings and engines, settled once; job processes and runners take it as is. */
export interface SettledRuntime {
  /** The agent's declared variables as the worker read them (config.ts agentSettingsOf). */
  settings: Readonly<Record<string, string>>;
  engines: SettledEngines;
  /** The settings read with the settled choices; derived, so it is not carried. */
  config: AgentConfig;
}

const settledRuntimeSchema = z.object({
  version: z.literal(1),
  settings: z.record(z.string(), z.string()),
  engines: z.object({
    llm: z.enum(PROVIDER_NAMES.llm),
    stt: z.enum(PROVIDER_NAMES.stt),
    whisperModelDir: z.string().min(1).nullable(),
    piperVoiceFile: z.string().min(1).nullable(),
    llmModelFile: z.string().min(1).nullable(),
    shared: z.object({ whisper: z.boolean(), piper: z.boolean() }),
  }),
});

/** Builds the runtime from the settings and the engines (the config is read from both). */
export function settledRuntime(settings: Readonly<Record<string, string>>, engines: SettledEngines): SettledRuntime {
  return { settings, engines, config: loadAgentConfig({ ...settings }, { llm: engines.llm, stt: engines.stt }) };
}

export function encodeSettledRuntime(runtime: SettledRuntime): string {
  return JSON.stringify({ version: 1, settings: runtime.settings, engines: runtime.engines } satisfies z.input<typeof settledRuntimeSchema>);
}

/** Reads the runtime a worker handed down; a clear error when there is none or it does not parse. */
export function decodeSettledRuntime(text: string | undefined): SettledRuntime {
  if (text === undefined || text.trim() === '') {
    throw new AgentConfigError(
      `${SETTLED_RUNTIME_VARIABLE} is not set: job processes get their settled runtime from the agent worker (apps/agent/dist/main.js), which sets it before it starts them. Outside a worker, build one with settleRuntime() (settle-runtime.ts).`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AgentConfigError(`${SETTLED_RUNTIME_VARIABLE} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = settledRuntimeSchema.safeParse(json);
  if (!parsed.success) throw new AgentConfigError(`${SETTLED_RUNTIME_VARIABLE} is not a settled runtime:\n${parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n')}`);
  return settledRuntime(parsed.data.settings, parsed.data.engines);
}

let inherited: SettledRuntime | undefined;

/** This process's runtime, handed down by the worker (read once per process). */
export function inheritedRuntime(): SettledRuntime {
  inherited ??= decodeSettledRuntime(process.env[SETTLED_RUNTIME_VARIABLE]);
  return inherited;
}
