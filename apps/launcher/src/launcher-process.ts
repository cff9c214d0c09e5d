import path from 'node:path';
import { z } from 'zod';
import { repoRoot, stateDir } from './paths.js';

/** Unset and blank are the same: compose passes `${VAR:-}` through as "". */
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

/**
 * The launcher's own variables besides the stack's ports and hosts (launcher-config.ts), each
 * with its default and a one-line doc. The container entry point also installs the models the
 * agent will load, so it reads the agent's model settings, with the agent's defaults
 * (tests/architecture/settings.test.ts holds them equal).
 */
export const LAUNCHER_PROCESS_SETTINGS = z.object({
  PARLEY_QUIET: z.string().default('0').meta({ description: '1: the launcher does not echo the services\' logs to the console (they stay in the log folder)' }),
  PARLEY_AGENT_LOG_LEVEL: z.string().default('info').meta({ description: 'agent worker log level: trace, debug, info, warn, error, fatal' }),
  PARLEY_STATE_DIR: optionalText.meta({ description: 'the state folder: tools, Python environment, models, caches, the SQLite database', shownDefault: '`.parley`' }),
  PARLEY_CONFIG_DIR: z.string().default('/var/lib/parley/config').meta({ description: 'containers: where the init service keeps the LiveKit keys and config' }),
  PARLEY_INSTALL_MODELS: z.string().default('1').meta({ description: 'containers: 0 skips installing missing model weights when the agent starts' }),
  PARLEY_LIVEKIT_REDIS_ADDRESS: optionalText.meta({ description: 'containers: host:port of a Redis LiveKit keeps its room state in (the compose redis profile)' }),
  PARLEY_MODELS_DIR: optionalText.meta({ description: 'where catalogue models are installed', shownDefault: '`.parley/models`' }),
  PARLEY_WHISPER_MODEL: z.string().default('whisper-tiny-ct2').meta({ description: 'Whisper model: a catalogue name or a CTranslate2 folder' }),
  PARLEY_PIPER_VOICE: z.string().default('piper-en-us-joe-medium').meta({ description: 'Piper voice: a catalogue name or a .onnx file' }),
  PARLEY_LLM_MODEL: z.string().default('qwen2.5-coder-1.5b-instruct-q4_k_m').meta({ description: 'the local model: a catalogue name or a path to a .gguf file' }),
  PARLEY_LLM_MODEL_PATH: optionalText.meta({ description: 'the older name of PARLEY_LLM_MODEL (a .gguf path); wins when set' }),
});

export interface LauncherProcessSettings {
  /** Echo the services' logs to the console. */
  echoToConsole: boolean;
  agentLogLevel: string;
  stateDir: string;
  configDir: string;
  installModels: boolean;
  livekitRedisAddress: string | undefined;
  /** Where the agent looks for catalogue models, and the names it will load. */
  models: { dir: string; names: string[] };
}

/** Reads the launcher's own settings once; a bad value throws with the variable's name. */
export function loadLauncherProcessSettings(env: Record<string, string | undefined>, root: string = repoRoot): LauncherProcessSettings {
  const parsed = LAUNCHER_PROCESS_SETTINGS.safeParse(env);
  if (!parsed.success) throw new Error(`Invalid configuration:\n${parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n')}`);
  const value = parsed.data;
  const state = stateDir(env, root);
  return {
    echoToConsole: value.PARLEY_QUIET !== '1',
    agentLogLevel: value.PARLEY_AGENT_LOG_LEVEL,
    stateDir: state,
    configDir: value.PARLEY_CONFIG_DIR,
    installModels: value.PARLEY_INSTALL_MODELS !== '0',
    livekitRedisAddress: value.PARLEY_LIVEKIT_REDIS_ADDRESS,
    models: {
      // The agent's rule (@parley/models modelsDirOf): the image sets PARLEY_MODELS_DIR; unset, the models go where the agent will look.
      dir: value.PARLEY_MODELS_DIR ?? path.join(state, 'models'),
      names: [value.PARLEY_WHISPER_MODEL, value.PARLEY_PIPER_VOICE, ...(value.PARLEY_LLM_MODEL_PATH === undefined ? [value.PARLEY_LLM_MODEL] : [])],
    },
  };
}
