import { availableParallelism, hostname } from 'node:os';
import { modelsDirOf, pythonInterpreter, recognizerBinaryOf } from '@parley/models';
import { z } from 'zod';
import { stateDir } from './paths.js';
import {
  ALLOWED_PROVIDERS_SETTING,
  DEFAULT_ALLOWED_PROVIDERS,
  isProviderName,
  parseAllowedProviders,
  PROVIDER_NAMES,
  PROVIDER_SLOTS,
  unknownProviderMessage,
  type LlmProviderName,
  type ProviderName,
  type ProviderSlot,
  type SttProviderName,
  type TtsProviderName,
} from '@parley/protocol';
import { LOCAL_TTS_ENGINES } from './providers/definitions/local-tts.js';
import { AUTO_LLM, AUTO_STT, missingProviderSettings, missingSettings, PROVIDER_SETTINGS, providerDefinition, readProviderSettings, type ProviderSettings } from './providers/registry.js';
import { optionalText, optionalUrl, settingIssues } from './providers/settings.js';

export type { ProviderSettings } from './providers/registry.js';

const ttsEngineSchema = z.enum(LOCAL_TTS_ENGINES);

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'on', 'off'])
  .default('true')
  .transform((value) => value === 'true' || value === '1' || value === 'on');

const agentEnvSchema = z.object({
  LIVEKIT_URL: z.string({ error: 'LIVEKIT_URL is required (e.g. ws://127.0.0.1:7880)' }).url('LIVEKIT_URL must be a ws:// or wss:// URL').meta({ description: 'LiveKit server the agent worker registers with (set by the launcher)' }),
  LIVEKIT_API_KEY: z.string({ error: 'LIVEKIT_API_KEY is required' }).min(1, 'LIVEKIT_API_KEY must not be empty').meta({ description: 'LiveKit API key (generated into .parley/env on first run)' }),
  LIVEKIT_API_SECRET: z.string({ error: 'LIVEKIT_API_SECRET is required' }).min(1, 'LIVEKIT_API_SECRET must not be empty').meta({ description: 'LiveKit API secret (generated into .parley/env on first run)' }),
  PARLEY_AGENT_HOST: z.string().default('127.0.0.1').meta({ description: 'address of the agent worker\'s health endpoint' }),
  PARLEY_AGENT_PORT: z.coerce.number().int().min(0).max(65535).default(8081).meta({ description: 'agent worker health port (GET / is 200 once registered with LiveKit)' }),
  PARLEY_TTS_ENGINE: ttsEngineSchema.default('auto').meta({ description: 'the local voice: piper, festival, flite, espeak-ng, or auto (the best one installed)' }),
  PARLEY_ENDPOINTING_MIN_DELAY_MS: z.coerce.number().int().min(0).max(10_000).default(500).meta({ description: 'shortest silence the turn detector waits before answering' }),
  PARLEY_ENDPOINTING_MAX_DELAY_MS: z.coerce.number().int().min(0).max(30_000).default(3000).meta({ description: 'longest silence the turn detector waits before answering' }),
  PARLEY_ENDPOINTING_SENTENCE_END_MAX_DELAY_MS: z.coerce.number().int().min(0).max(30_000).default(1000).meta({ description: 'longest wait once the final transcript ends a sentence; 0: off' }),
  PARLEY_ENDPOINTING_QUESTION_END_MAX_DELAY_MS: z.coerce.number().int().min(0).max(30_000).default(600).meta({ description: 'longest wait once the final transcript ends a question; 0: as after a sentence' }),
  PARLEY_ENDPOINTING_SENTENCE_END_MIN_DELAY_MS: z.coerce.number().int().min(0).max(30_000).default(0).meta({ description: 'wait once the final transcript ends a sentence and the audio turn detector agrees the turn is over (at most the minimum); 0: off' }),
  PARLEY_ENDPOINTING_TRAILING_MIN_DELAY_MS: z.coerce.number().int().min(0).max(30_000).default(1500).meta({ description: 'shortest wait while the final transcript trails off; 0: off' }),
  // Barge-in ≤ 300 ms (issue 14): the VAD counts 32 ms windows, so 80 acts at 96 ms of speech; a cough that pauses the voice resumes it (below).
  PARLEY_MIN_INTERRUPTION_MS: z.coerce.number().int().min(0).max(5000).default(80).meta({ description: 'user speech that pauses the agent\'s voice (it stops for good once the words are transcribed)' }),
  PARLEY_FALSE_INTERRUPTION_RESUME_MS: z.coerce.number().int().min(0).max(10_000).default(600).meta({ description: 'silence after a false interruption before the agent resumes; 0: off' }),
  // The framework's default: while the user's echo canceller converges it ignores the user.
  PARLEY_AEC_WARMUP_MS: z.coerce.number().int().min(0).max(10_000).default(3000).meta({ description: 'the agent\'s first this-many ms of speech cannot be interrupted (echo canceller warm-up); 0: off' }),
  PARLEY_PREEMPTIVE_GENERATION: booleanFlag.meta({ description: 'start the reply while the turn detector is still deciding' }),
  PARLEY_PREEMPTIVE_TTS: booleanFlag.meta({ description: 'voice that early reply too' }),
  PARLEY_LLM_PRELOAD_USER_TURN: booleanFlag.meta({ description: "the local model evaluates the user's words so far from interim transcripts, while they speak" }),
  PARLEY_JOB_PROCESSES: z.coerce.number().int().min(0).max(32).default(1).meta({ description: 'idle job processes the worker keeps warm' }),
  // The benchmark on 2 cores: 2 conversations cost +15 % p50, 4 nearly double it (README).
  PARLEY_AGENT_MAX_CONVERSATIONS: z.coerce.number().int().min(1).max(256).default(Math.max(1, availableParallelism())).meta({ description: 'conversations one agent worker takes before LiveKit sends more elsewhere', shownDefault: 'CPU cores' }),
  PARLEY_JOB_INIT_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(60_000).meta({ description: 'how long a job process may take to warm its engines' }),
  // LiveKit reports a vanished user's connection LOST within seconds; its own departure takes 15-30 s.
  PARLEY_AGENT_LOST_USER_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(4000).meta({ description: 'the agent leaves once everyone in its room has been unreachable this long; 0: LiveKit decides' }),
  PARLEY_AGENT_DRAIN_TIMEOUT_MS: z.coerce.number().int().min(1000).max(86_400_000).default(600_000).meta({ description: 'after SIGTERM, running conversations may go on this long' }),
  PARLEY_AGENT_PROCESS_CLOSE_TIMEOUT_MS: z.coerce.number().int().min(500).max(600_000).default(10_000).meta({ description: 'how long a job process asked to close may take before it is killed' }),
  PARLEY_AGENT_RECONNECT_ATTEMPTS: z.coerce.number().int().min(0).max(1000).default(10).meta({ description: 'tries to reach LiveKit before the worker exits' }),
  PARLEY_AGENT_WORKER_ID: z.string().trim().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'letters, digits and . _ : - only (at most 128)').optional().meta({ description: 'this worker\'s name on its agents, the same across restarts', shownDefault: 'host`:`port' }),

  PARLEY_LLM: z.enum([AUTO_LLM, ...PROVIDER_NAMES.llm], { error: `PARLEY_LLM must be one of ${[AUTO_LLM, ...PROVIDER_NAMES.llm].join(', ')}` }).default(AUTO_LLM).meta({ description: 'the brain: auto, local, openai, openai-compatible, gemini, gemini-live, openai-realtime or echo' }),
  PARLEY_STT: z.string().default(AUTO_STT).meta({ description: 'speech recognition: auto, whisper, pocketsphinx, deepgram or openai' }),
  PARLEY_TTS: z.string().default('local').meta({ description: 'speech: local (the PARLEY_TTS_ENGINE chain) or openai' }),
  // Read by parseAllowedProviders (@parley/protocol), as the API reads them.
  PARLEY_ALLOWED_LLM: z.string().optional().meta({ description: 'LLM providers a session may ask for (read as the API reads it)', shownDefault: `\`${DEFAULT_ALLOWED_PROVIDERS.llm.join(',')}\`` }),
  PARLEY_ALLOWED_STT: z.string().optional().meta({ description: 'STT providers a session may ask for (read as the API reads it)', shownDefault: `\`${DEFAULT_ALLOWED_PROVIDERS.stt.join(',')}\`` }),
  PARLEY_ALLOWED_TTS: z.string().optional().meta({ description: 'TTS providers a session may ask for (read as the API reads it)', shownDefault: `\`${DEFAULT_ALLOWED_PROVIDERS.tts.join(',')}\`` }),
  PARLEY_LLM_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(15_000).meta({ description: 'a cloud LLM request slower than this is retried once, then the agent apologises' }),
  PARLEY_GREETING: optionalText.meta({ description: 'a sentence the agent says when someone joins' }),
  PARLEY_VISION_IMAGES: z.enum(['auto', 'on', 'off']).default('auto').meta({ description: 'send screen and camera frames to the LLM as images: auto, on, off' }),
  PARLEY_TIMEZONE: optionalText.meta({ description: 'IANA zone the time tool answers in', shownDefault: 'the machine\'s' }),
  // Where the agent reports transcripts and turn metrics; unset: nothing is reported.
  PARLEY_API_URL: optionalUrl('PARLEY_API_URL').meta({ description: 'where the agent reports transcripts and turn metrics; unset: nowhere', shownDefault: 'the API\'s local URL' }),
  // Read by stateDir (@parley/models), which owns its default.
  PARLEY_STATE_DIR: optionalText.meta({ description: 'the state folder: tools, Python environment, models, caches, the SQLite database', shownDefault: '`.parley`' }),

  // Read by pythonInterpreter (@parley/models), which owns its default.
  PARLEY_PYTHON: optionalText.meta({ description: 'the Python environment with the speech engines', shownDefault: '`.parley/python/bin/python`' }),
  PARLEY_MODELS_DIR: optionalText.meta({ description: 'where catalogue models are installed', shownDefault: '`.parley/models`' }),
  PARLEY_WHISPER_MODEL: z.string().default('whisper-tiny-ct2').meta({ description: 'Whisper model: a catalogue name or a CTranslate2 folder' }),
  PARLEY_WHISPER_THREADS: z.coerce.number().int().min(1).max(32).default(2).meta({ description: 'CPU threads of Whisper' }),
  PARLEY_WHISPER_INTERIM_MS: z.coerce.number().int().min(0).max(10_000).default(1500).meta({ description: 'speech between two interim Whisper passes; 0: off' }),
  PARLEY_WHISPER_FINAL_WINDOW_S: z.coerce.number().int().min(10).max(30).default(15).meta({ description: 'encoder window of the final decode, 10-30 s' }),
  PARLEY_PIPER_VOICE: z.string().default('piper-en-us-joe-medium').meta({ description: 'Piper voice: a catalogue name or a .onnx file' }),
  PARLEY_PIPER_THREADS: z.coerce.number().int().min(1).max(32).default(1).meta({ description: 'CPU threads of Piper' }),
  // Read by recognizerBinaryOf (@parley/models), which owns its default.
  PARLEY_PS_STREAM_BIN: optionalText.meta({ description: 'the PocketSphinx recognizer binary (built by setup)', shownDefault: '`.parley/bin/parley-ps-stream`' }),
  PARLEY_SPEECH_ENGINES: z.enum(['shared', 'per-conversation']).default('shared').meta({ description: 'shared: one Whisper and Piper per worker; per-conversation: one each per conversation' }),
  // Each provider's own settings are declared in its file (providers/definitions/, PROVIDER_SETTINGS).
});

/**
 * The agent's own variables, each with its default and a one-line doc (`.meta`); with the
 * providers' (PROVIDER_SETTINGS) the whole set, which tests/architecture/settings.test.ts holds
 * the README's configuration table to.
 */
export const AGENT_SETTINGS = agentEnvSchema;

/** The neural local speech engines (Python workers) and where their parts are. */
export interface LocalSpeechSettings {
  python: string;
  modelsDir: string;
  /** A catalogue name (packages/models) or a folder. */
  whisperModel: string;
  whisperThreads: number;
  whisperInterimMs: number;
  /** Encoder window of final decodes (s); longer utterances get a larger one. */
  whisperFinalWindowS: number;
  /** A catalogue name or a .onnx file. */
  piperVoice: string;
  piperThreads: number;
  /** 'shared': one Whisper and one Piper per agent worker (in its inference process); 'per-conversation': one each per job process. */
  placement: 'shared' | 'per-conversation';
  /** PocketSphinx's recognizer binary (the plugin has no default of its own). */
  pocketsphinxBinary: string;
}

/** Provider names per slot. */
export type ProviderLists = { [S in ProviderSlot]: ProviderName<S>[] };

export interface ProviderSelection {
  /** Null while PARLEY_LLM is 'auto' and not yet settled (settle-runtime.ts). */
  llm: LlmProviderName | null;
  /** Null while PARLEY_STT is 'auto' and not yet settled (settle-runtime.ts). */
  stt: SttProviderName | null;
  tts: TtsProviderName;
  /** Choices a session may ask for that must work: the defaults and what PARLEY_ALLOWED_* lists; each one is checked at startup. */
  allowed: ProviderLists;
  /**
   * While PARLEY_ALLOWED_* is unset: the rest of the default allow-list (@parley/protocol), which
   * the API accepts too. A session gets one of these when this worker can run it (its engine is
   * installed), the default otherwise; a missing one never stops the worker.
   */
  offered: ProviderLists;
}

export interface AgentConfig {
  livekit: { url: string; apiKey: string; apiSecret: string };
  /** The project's state folder (.parley): tools, models, caches. */
  stateDir: string;
  /** The API's base URL for session reports (session-reporter.ts); none: nothing is reported. */
  apiUrl: string | undefined;
  health: { host: string; port: number };
  providers: ProviderSelection;
  providerSettings: ProviderSettings;
  localSpeech: LocalSpeechSettings;
  llmTimeoutMs: number;
  ttsEngine: z.infer<typeof ttsEngineSchema>;
  turn: {
    minEndpointingDelayMs: number;
    maxEndpointingDelayMs: number;
    /** The maximum wait when the final transcript ends a sentence (equal to the maximum: off). */
    sentenceEndMaxDelayMs: number;
    /** The maximum wait when the final transcript ends a question (equal to the sentence's: off). */
    questionEndMaxDelayMs: number;
    /** The minimum wait when the final transcript ends a sentence and the audio turn detector agrees; equal to the minimum: off. */
    sentenceEndMinDelayMs: number;
    /** The minimum wait while the final transcript trails off ("set a timer for"); equal to the minimum: off. */
    trailingMinDelayMs: number;
    minInterruptionMs: number;
    falseInterruptionResumeMs: number;
    /** During the agent's first this-many ms of speech, user audio is ignored and cannot interrupt. */
    aecWarmupMs: number;
    preemptiveGeneration: boolean;
    /** The preemptive reply is also voiced before the turn is committed (discarded if the user goes on). */
    preemptiveTts: boolean;
    /** The local model evaluates interim transcripts into its KV cache while the user speaks. */
    preloadUserTurn: boolean;
  };
  /** Whether frames go to the LLM as images: 'auto' for the providers known to accept them. */
  visionImages: 'auto' | 'on' | 'off';
  /** Spoken when a session starts; none when unset. */
  greeting: string | undefined;
  /** IANA time zone the time tools answer in; the machine's zone when unset. */
  timezone: string;
  idleJobProcesses: number;
  /** Conversations one worker takes before LiveKit sends new ones elsewhere. */
  maxConversations: number;
  /** How long a job process may take to warm its engines before the worker gives up on it. */
  jobInitTimeoutMs: number;
  /** The agent leaves once every person in its room has been unreachable this long; 0: only when they leave. */
  lostUserTimeoutMs: number;
  /**
   * This worker's name on its agents, the same across its restarts (host and health port by
   * default): a restarted worker removes the agents its previous run left behind.
   */
  workerId: string;
  /** After SIGTERM, running conversations may go on this long before the worker closes anyway. */
  drainTimeoutMs: number;
  /** How long a job process may take to close when asked before it is killed (framework default: 60 s). */
  processCloseTimeoutMs: number;
  /** Tries to reach LiveKit before the worker exits (and its supervisor starts it again). */
  reconnectAttempts: number;
}

export class AgentConfigError extends Error {
  override readonly name = 'AgentConfigError';
}

/** Reads PARLEY_STT or PARLEY_TTS: one provider name of the slot. */
function parseChoice<S extends ProviderSlot>(slot: S, setting: string, value: string, problems: string[]): ProviderName<S> | undefined {
  const trimmed = value.trim();
  if (isProviderName(slot, trimmed)) return trimmed;
  problems.push(`  ${setting}: ${unknownProviderMessage(slot, trimmed)}`);
  return undefined;
}

/**
 * What sessions may ask for: the worker's defaults first, then PARLEY_ALLOWED_* when set; echo
 * always (it needs nothing: the seeds' echo demo). While a list is unset, the rest of the
 * protocol's default list is offered (see ProviderSelection.offered).
 */
function selectProviders(env: Record<ProviderSlot, string | undefined>, defaults: { llm: LlmProviderName | null; stt: SttProviderName | null; tts: TtsProviderName }, settings: ProviderSettings, problems: string[]): ProviderSelection {
  const lists = {
    llm: parseAllowedProviders('llm', env.llm),
    stt: parseAllowedProviders('stt', env.stt),
    tts: parseAllowedProviders('tts', env.tts),
  };
  for (const slot of PROVIDER_SLOTS) problems.push(...lists[slot].problems.map((problem) => `  ${ALLOWED_PROVIDERS_SETTING[slot]}: ${problem}`));
  const explicit = <S extends ProviderSlot>(slot: S): ProviderName<S>[] => (lists[slot].explicit ? lists[slot].names : []);
  const allowed: ProviderLists = {
    llm: [...new Set<LlmProviderName>([...(defaults.llm ? [defaults.llm] : []), ...explicit('llm'), 'echo'])],
    stt: [...new Set<SttProviderName>([...(defaults.stt ? [defaults.stt] : []), ...explicit('stt')])],
    tts: [...new Set<TtsProviderName>([defaults.tts, ...explicit('tts')])],
  };
  // An offered provider that lacks a setting is simply not offered (the default list needs none today).
  const offer = <S extends ProviderSlot>(slot: S): ProviderName<S>[] =>
    lists[slot].explicit
      ? []
      : lists[slot].names.filter((name) => !(allowed[slot] as readonly string[]).includes(name) && missingSettings(providerDefinition(slot, name), settings, '').length === 0);
  return { llm: defaults.llm, stt: defaults.stt, tts: defaults.tts, allowed, offered: { llm: offer('llm'), stt: offer('stt'), tts: offer('tts') } };
}

/** The 'auto' choices as the worker settled them (settle-runtime.ts). */
export interface SettledChoices {
  llm: LlmProviderName;
  stt: SttProviderName;
}

/** Every variable the agent's settings read: its own, then each provider's (providers/registry.ts). */
export const AGENT_SETTING_NAMES: readonly string[] = [...Object.keys(agentEnvSchema.shape), ...Object.values(PROVIDER_SETTINGS).flatMap((group) => group.variables)];

/** The agent's settings out of an environment: the declared variables only, as the settled runtime carries them. */
export function agentSettingsOf(env: NodeJS.ProcessEnv): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const name of AGENT_SETTING_NAMES) {
    const value = env[name];
    if (value !== undefined) settings[name] = value;
  }
  return settings;
}

/**
 * Reads the agent's settings once; throws one error listing every bad setting. `settled` fills
 * PARLEY_LLM=auto and PARLEY_STT=auto with the worker's decision (settle-runtime.ts).
 */
export function loadAgentConfig(env: NodeJS.ProcessEnv = process.env, settled?: SettledChoices): AgentConfig {
  const parsed = agentEnvSchema.safeParse(env);
  const { settings: providerSettings, issues } = readProviderSettings(env);
  if (!parsed.success || issues.length > 0) {
    const problems = [...(parsed.success ? [] : settingIssues(parsed.error)), ...issues].join('\n');
    throw new AgentConfigError(`Invalid agent configuration:\n${problems}\nSet these in .parley/env (written by scripts/setup.sh) or the environment.`);
  }
  const value = parsed.data;
  const problems: string[] = [];
  if (value.PARLEY_ENDPOINTING_MAX_DELAY_MS < value.PARLEY_ENDPOINTING_MIN_DELAY_MS) {
    problems.push('  PARLEY_ENDPOINTING_MAX_DELAY_MS: must be at least PARLEY_ENDPOINTING_MIN_DELAY_MS');
  }
  const sentenceEnd = value.PARLEY_ENDPOINTING_SENTENCE_END_MAX_DELAY_MS;
  if (sentenceEnd !== 0 && (sentenceEnd < value.PARLEY_ENDPOINTING_MIN_DELAY_MS || sentenceEnd > value.PARLEY_ENDPOINTING_MAX_DELAY_MS)) {
    problems.push('  PARLEY_ENDPOINTING_SENTENCE_END_MAX_DELAY_MS: must lie between PARLEY_ENDPOINTING_MIN_DELAY_MS and PARLEY_ENDPOINTING_MAX_DELAY_MS (or be 0: off)');
  }
  const questionEnd = value.PARLEY_ENDPOINTING_QUESTION_END_MAX_DELAY_MS;
  if (questionEnd !== 0 && (questionEnd < value.PARLEY_ENDPOINTING_MIN_DELAY_MS || questionEnd > value.PARLEY_ENDPOINTING_MAX_DELAY_MS)) {
    problems.push('  PARLEY_ENDPOINTING_QUESTION_END_MAX_DELAY_MS: must lie between PARLEY_ENDPOINTING_MIN_DELAY_MS and PARLEY_ENDPOINTING_MAX_DELAY_MS (or be 0: as after a sentence)');
  }
  const sentenceEndMin = value.PARLEY_ENDPOINTING_SENTENCE_END_MIN_DELAY_MS;
  if (sentenceEndMin > value.PARLEY_ENDPOINTING_MIN_DELAY_MS) {
    problems.push('  PARLEY_ENDPOINTING_SENTENCE_END_MIN_DELAY_MS: must not exceed PARLEY_ENDPOINTING_MIN_DELAY_MS (0: off)');
  }
  const trailing = value.PARLEY_ENDPOINTING_TRAILING_MIN_DELAY_MS;
  if (trailing !== 0 && (trailing < value.PARLEY_ENDPOINTING_MIN_DELAY_MS || trailing > value.PARLEY_ENDPOINTING_MAX_DELAY_MS)) {
    problems.push('  PARLEY_ENDPOINTING_TRAILING_MIN_DELAY_MS: must lie between PARLEY_ENDPOINTING_MIN_DELAY_MS and PARLEY_ENDPOINTING_MAX_DELAY_MS (or be 0: off)');
  }
  const autoStt = value.PARLEY_STT.trim() === AUTO_STT;
  const stt = autoStt ? (settled?.stt ?? null) : parseChoice('stt', 'PARLEY_STT', value.PARLEY_STT, problems);
  const tts = parseChoice('tts', 'PARLEY_TTS', value.PARLEY_TTS, problems);
  const llm = value.PARLEY_LLM === AUTO_LLM ? (settled?.llm ?? null) : value.PARLEY_LLM;
  const providers = selectProviders(
    { llm: value.PARLEY_ALLOWED_LLM, stt: value.PARLEY_ALLOWED_STT, tts: value.PARLEY_ALLOWED_TTS },
    { llm, stt: stt ?? null, tts: tts ?? 'local' },
    providerSettings,
    problems,
  );
  const timezone = value.PARLEY_TIMEZONE ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch {
    problems.push(`  PARLEY_TIMEZONE: "${timezone}" is not an IANA time zone (e.g. Europe/Paris)`);
  }
  if (stt === undefined || tts === undefined || problems.length > 0) {
    throw new AgentConfigError(`Invalid agent configuration:\n${problems.join('\n')}`);
  }

  const missing = missingProviderSettings(providers, providerSettings);
  if (missing.length > 0) {
    throw new AgentConfigError(`Invalid agent configuration:\n${missing.join('\n')}`);
  }

  const state = stateDir(env);
  return {
    livekit: { url: value.LIVEKIT_URL, apiKey: value.LIVEKIT_API_KEY, apiSecret: value.LIVEKIT_API_SECRET },
    stateDir: state,
    apiUrl: value.PARLEY_API_URL,
    health: { host: value.PARLEY_AGENT_HOST, port: value.PARLEY_AGENT_PORT },
    providers,
    providerSettings,
    localSpeech: {
      python: pythonInterpreter(env, state),
      modelsDir: modelsDirOf(env, state),
      whisperModel: value.PARLEY_WHISPER_MODEL,
      whisperThreads: value.PARLEY_WHISPER_THREADS,
      whisperInterimMs: value.PARLEY_WHISPER_INTERIM_MS,
      whisperFinalWindowS: value.PARLEY_WHISPER_FINAL_WINDOW_S,
      piperVoice: value.PARLEY_PIPER_VOICE,
      piperThreads: value.PARLEY_PIPER_THREADS,
      placement: value.PARLEY_SPEECH_ENGINES,
      pocketsphinxBinary: recognizerBinaryOf(env, state),
    },
    llmTimeoutMs: value.PARLEY_LLM_TIMEOUT_MS,
    ttsEngine: value.PARLEY_TTS_ENGINE,
    turn: {
      minEndpointingDelayMs: value.PARLEY_ENDPOINTING_MIN_DELAY_MS,
      maxEndpointingDelayMs: value.PARLEY_ENDPOINTING_MAX_DELAY_MS,
      sentenceEndMaxDelayMs: sentenceEnd === 0 ? value.PARLEY_ENDPOINTING_MAX_DELAY_MS : sentenceEnd,
      questionEndMaxDelayMs: questionEnd !== 0 ? questionEnd : sentenceEnd === 0 ? value.PARLEY_ENDPOINTING_MAX_DELAY_MS : sentenceEnd,
      sentenceEndMinDelayMs: sentenceEndMin === 0 ? value.PARLEY_ENDPOINTING_MIN_DELAY_MS : sentenceEndMin,
      trailingMinDelayMs: trailing === 0 ? value.PARLEY_ENDPOINTING_MIN_DELAY_MS : trailing,
      minInterruptionMs: value.PARLEY_MIN_INTERRUPTION_MS,
      falseInterruptionResumeMs: value.PARLEY_FALSE_INTERRUPTION_RESUME_MS,
      aecWarmupMs: value.PARLEY_AEC_WARMUP_MS,
      preemptiveGeneration: value.PARLEY_PREEMPTIVE_GENERATION,
      preemptiveTts: value.PARLEY_PREEMPTIVE_TTS,
      preloadUserTurn: value.PARLEY_LLM_PRELOAD_USER_TURN,
    },
    greeting: value.PARLEY_GREETING,
    visionImages: value.PARLEY_VISION_IMAGES,
    timezone,
    idleJobProcesses: value.PARLEY_JOB_PROCESSES,
    maxConversations: value.PARLEY_AGENT_MAX_CONVERSATIONS,
    jobInitTimeoutMs: value.PARLEY_JOB_INIT_TIMEOUT_MS,
    lostUserTimeoutMs: value.PARLEY_AGENT_LOST_USER_TIMEOUT_MS,
    drainTimeoutMs: value.PARLEY_AGENT_DRAIN_TIMEOUT_MS,
    reconnectAttempts: value.PARLEY_AGENT_RECONNECT_ATTEMPTS,
    processCloseTimeoutMs: value.PARLEY_AGENT_PROCESS_CLOSE_TIMEOUT_MS,
    workerId: value.PARLEY_AGENT_WORKER_ID ?? `${hostname()}:${value.PARLEY_AGENT_PORT}`,
  };
}
