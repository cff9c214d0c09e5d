import { inference, voice, type log } from '@livekit/agents';
import { LlamaCppLLM } from '@parley/plugin-llama-cpp';
import type { TurnMetrics } from '@parley/protocol';
import type { AgentConfig } from './config.js';
import { apologyOnLanguageModelFailure } from './conversation-recovery.js';
import type { LocalEngines } from './providers/engines.js';
import { createBrain, createStt, createTts, type Brain } from './providers/factory.js';
import type { ResolvedSession } from './session-options.js';
import type { SessionReport } from './session-reporter.js';
import { transcriptEndpointing, transcriptEndpointingOptions, type TranscriptEndpointingOptions } from './transcript-endpointing.js';
import { TurnMetricsTracker } from './turn-metrics.js';
import { preloadUserTurnWhileSpeaking, type UserTurnPreloader } from './user-turn-preload.js';

// One conversation, top to bottom: the stages a turn passes (createConversationPipeline), then
// every listener on its session in the order a turn reaches them (listenToConversation). The
// modules behind the listeners export handlers; only this file calls session.on.

type Logger = ReturnType<typeof log>;

/** How long the voice may wait for text from the local model before the framework gives up on the reply. */
const LOCAL_BRAIN_TTS_IDLE_TIMEOUT_MS = 45_000;

export interface ConversationPipeline {
  session: voice.AgentSession;
  brain: Brain;
  /** How the final transcript's wording adjusts the turn detector's wait; null for speech-to-speech models, or when off. */
  endpointing: TranscriptEndpointingOptions | null;
  /** The brain, when it can evaluate the user's words before their turn ends (the local model); else null. */
  userTurnPreload: UserTurnPreloader | null;
  /** The rate the person's audio is asked for from LiveKit; undefined: the framework's default (24 kHz). */
  inputSampleRate: number | undefined;
  /** Releases what this conversation created for itself (its model context, a non-default voice). */
  close(): Promise<void>;
}

/**
 * The local recognizers and the VAD work at 16 kHz. Asked for at that rate, LiveKit's own
 * resampler delivers it, and the job does not resample every 10 ms frame twice more (the
 * recognizer's copy and the framework's VAD each ran a resampler of their own on the 24 kHz input).
 */
const LOCAL_RECOGNIZER_SAMPLE_RATE = 16_000;
const LOCAL_RECOGNIZERS: ReadonlySet<string> = new Set(['whisper', 'pocketsphinx']);

/**
 * The stages of one session. Cascaded providers: the local VAD finds speech, the recognizer
 * transcribes it, the v1-mini turn detector (pinned so nothing reaches for LiveKit Cloud) decides
 * the user is done, the brain answers and the voice speaks, with VAD interruptions.
 * Speech-to-speech models take audio directly and detect turns themselves.
 */
export function createConversationPipeline(config: AgentConfig, engines: LocalEngines, resolved: ResolvedSession): ConversationPipeline {
  const brain = createBrain(resolved.llm, config, engines, resolved.instructions);
  const interruption = {
    mode: 'vad' as const,
    minDuration: config.turn.minInterruptionMs,
    falseInterruptionTimeout: config.turn.falseInterruptionResumeMs,
    resumeFalseInterruption: config.turn.falseInterruptionResumeMs > 0,
  };
  // One quick retry, then an apology: a voice user cannot wait through several timeouts.
  const connOptions = { llmConnOptions: { maxRetry: 1, retryIntervalMs: 500, timeoutMs: config.llmTimeoutMs }, maxUnrecoverableErrors: 3 };

  if (brain.kind === 'realtime') {
    const session = new voice.AgentSession({ vad: engines.vad, llm: brain.model, turnHandling: { interruption }, aecWarmupDuration: config.turn.aecWarmupMs, connOptions });
    return { session, brain, endpointing: null, userTurnPreload: null, inputSampleRate: undefined, close: () => brain.model.close() };
  }
  const stt = createStt(resolved.stt, config, engines);
  const tts = createTts(resolved.tts, config, engines, resolved.voice);
  const session = new voice.AgentSession({
    vad: engines.vad,
    stt,
    llm: brain.llm,
    tts,
    turnHandling: {
      turnDetection: new inference.TurnDetector({ version: 'v1-mini' }),
      endpointing: { minDelay: config.turn.minEndpointingDelayMs, maxDelay: config.turn.maxEndpointingDelayMs },
      interruption,
      preemptiveGeneration: { enabled: config.turn.preemptiveGeneration, preemptiveTts: config.turn.preemptiveGeneration && config.turn.preemptiveTts },
    },
    aecWarmupDuration: config.turn.aecWarmupMs,
    connOptions,
    // The local voice starts on a whole sentence, so its first audio waits for the model; on a busy CPU that can pass the framework's 10 s.
    ...(resolved.llm === 'local' ? { ttsReadIdleTimeout: LOCAL_BRAIN_TTS_IDLE_TIMEOUT_MS } : {}),
  });
  const close = async (): Promise<void> => {
    await Promise.allSettled([brain.llm.aclose(), stt === engines.whisper || stt === engines.pocketsphinx ? undefined : stt.close(), tts === engines.tts ? undefined : tts.close()]);
  };
  const userTurnPreload = brain.llm instanceof LlamaCppLLM && config.turn.preloadUserTurn ? brain.llm : null;
  const inputSampleRate = LOCAL_RECOGNIZERS.has(resolved.stt) ? LOCAL_RECOGNIZER_SAMPLE_RATE : undefined;
  return { session, brain, endpointing: transcriptEndpointingOptions(config.turn), userTurnPreload, inputSampleRate, close };
}

/** What the job hands the conversation's listeners. */
export interface ConversationHandlers {
  logger: Logger;
  /** The screen and camera reader (vision/); null when the session has vision off. */
  vision: { setUserSpeaking(speaking: boolean): void } | null;
  /** The API's report of this session (session-reporter.ts); null when it is not reported. */
  report: SessionReport | null;
  /** Publishes a finished turn's latency breakdown in the room (the page's waterfall). */
  publishTurn(turn: TurnMetrics): void;
  /** The session closed, after the report heard it: the job flushes its report and leaves. */
  onClose(event: voice.CloseEvent): void;
}

/** Attaches every listener of one conversation, in the order a turn reaches them. */
export function listenToConversation(pipeline: Pick<ConversationPipeline, 'session' | 'endpointing' | 'userTurnPreload'>, handlers: ConversationHandlers): void {
  const { session } = pipeline;
  const { logger, vision, report } = handlers;
  // The session begins: the API hears of it before anyone speaks.
  report?.started();

  // 1. The user speaks: vision samples the screen about once a second, as the question may be about it.
  if (vision) session.on(voice.AgentSessionEventTypes.UserStateChanged, (event) => vision.setUserSpeaking(event.newState === 'speaking'));

  // 2. Interim transcripts: a local model evaluates the words so far while the user still speaks (user-turn-preload.ts).
  if (pipeline.userTurnPreload) session.on(voice.AgentSessionEventTypes.UserInputTranscribed, preloadUserTurnWhileSpeaking(session, pipeline.userTurnPreload));

  // 3. A final transcript: its wording adjusts how long the turn detector waits (transcript-endpointing.ts).
  if (pipeline.endpointing) session.on(voice.AgentSessionEventTypes.UserInputTranscribed, transcriptEndpointing(session, pipeline.endpointing));

  // 4. The brain calls tools: logged by name only (the arguments may be personal).
  session.on(voice.AgentSessionEventTypes.FunctionToolsExecuted, (event) => {
    logger.info({ tools: event.functionCalls.map((call) => call.name) }, 'tools executed');
  });

  // 5. Each message joins the chat: a transcript line for the API; the reply completes a turn,
  // measured once (turn-metrics.ts) for the room and the API alike.
  const tracker = new TurnMetricsTracker();
  session.on(voice.AgentSessionEventTypes.ConversationItemAdded, (event) => {
    if (event.item.type !== 'message') return;
    report?.message(event.item);
    const turn = tracker.observe(event.item);
    if (turn === null) return;
    logger.info({ turn }, 'turn completed');
    handlers.publishTurn(turn);
    report?.turn(turn);
  });

  // 6. A provider fails: logged, and a reply the brain gave up on is apologised for out loud (conversation-recovery.ts).
  session.on(voice.AgentSessionEventTypes.Error, apologyOnLanguageModelFailure(session, logger));

  // 7. The session closes: the API hears the end, then the job leaves the room.
  session.on(voice.AgentSessionEventTypes.Close, (event) => {
    report?.closed(event.reason);
    handlers.onClose(event);
  });
}
