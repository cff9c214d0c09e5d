import { inference, voice, type VAD } from '@livekit/agents';
import { LlamaCppModel } from '@parley/plugin-llama-cpp';
import { LocalTTS } from '@parley/plugin-local-tts';
import { PocketSphinxSTT } from '@parley/plugin-pocketsphinx';
import type { AgentConfig } from './config.js';
import { createBrain, createStt, createTts, type Brain } from './providers/factory.js';
import type { ResolvedSession } from './session-options.js';

export interface LocalEngines {
  vad: VAD;
  stt: PocketSphinxSTT;
  tts: LocalTTS;
  /** The GGUF model, loaded once per job process when a session may use the local LLM. */
  llama: LlamaCppModel | null;
}

/**
 * Starts the local engines (Silero VAD, the PocketSphinx recognizer, the Festival server and the
 * GGUF model when allowed) and waits until they are warm, so the first turn pays no model load.
 */
export async function startLocalEngines(config: AgentConfig): Promise<LocalEngines> {
  const vad = new inference.VAD();
  const stt = new PocketSphinxSTT({ vad });
  const tts = new LocalTTS({ engine: config.ttsEngine });
  const { modelPath, gpu } = config.providerSettings.local;
  const wantsLlama = config.providers.allowed.llm.includes('local') && modelPath !== undefined;
  const [llama] = await Promise.all([wantsLlama ? LlamaCppModel.load({ modelPath, gpu }) : Promise.resolve(null), stt.prewarm(), tts.prewarm()]);
  return { vad, stt, tts, llama };
}

export async function closeLocalEngines(engines: LocalEngines): Promise<void> {
  await Promise.allSettled([engines.stt.close(), engines.tts.close()]);
}

export interface ConversationPipeline {
  session: voice.AgentSession;
  brain: Brain;
  /** Releases what this conversation created for itself (its model context, a non-default voice). */
  close(): Promise<void>;
}

/**
 * Builds the conversation pipeline for one session. Cascaded providers get the local VAD, the
 * v1-mini turn detector and VAD interruptions (pinned so nothing reaches for LiveKit Cloud);
 * speech-to-speech models take audio directly and detect turns themselves.
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
    const session = new voice.AgentSession({ vad: engines.vad, llm: brain.model, turnHandling: { interruption }, connOptions });
    return { session, brain, close: () => brain.model.close() };
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
      preemptiveGeneration: { enabled: config.turn.preemptiveGeneration },
    },
    connOptions,
  });
  const close = async (): Promise<void> => {
    await Promise.allSettled([brain.llm.aclose(), stt === engines.stt ? undefined : stt.close(), tts === engines.tts ? undefined : tts.close()]);
  };
  return { session, brain, close };
}
