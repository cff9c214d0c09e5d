import { inference, voice, type VAD } from '@livekit/agents';
import { EchoLLM } from '@parley/plugin-echo';
import { LocalTTS } from '@parley/plugin-local-tts';
import { PocketSphinxSTT } from '@parley/plugin-pocketsphinx';
import type { AgentConfig } from './config.js';

export interface LocalEngines {
  vad: VAD;
  stt: PocketSphinxSTT;
  tts: LocalTTS;
}

/**
 * Starts the local engines (Silero VAD, the PocketSphinx recognizer, the Festival server) and waits
 * until they are warm, so the first turn of a conversation pays no model load.
 */
export async function startLocalEngines(config: AgentConfig): Promise<LocalEngines> {
  const vad = new inference.VAD();
  const stt = new PocketSphinxSTT({ vad });
  const tts = new LocalTTS({ engine: config.ttsEngine });
  await Promise.all([stt.prewarm(), tts.prewarm()]);
  return { vad, stt, tts };
}

/**
 * Builds the conversation pipeline. Everything runs locally: Silero VAD and the v1-mini turn
 * detector are pinned so nothing reaches for LiveKit Cloud.
 */
export function createAgentSession(config: AgentConfig, engines: LocalEngines): voice.AgentSession {
  return new voice.AgentSession({
    vad: engines.vad,
    stt: engines.stt,
    llm: new EchoLLM(),
    tts: engines.tts,
    turnHandling: {
      turnDetection: new inference.TurnDetector({ version: 'v1-mini' }),
      endpointing: { minDelay: config.turn.minEndpointingDelayMs, maxDelay: config.turn.maxEndpointingDelayMs },
      interruption: { mode: 'vad', minDuration: config.turn.minInterruptionMs },
    },
  });
}

export const AGENT_INSTRUCTIONS =
  'You are Parley, a helpful voice assistant. Keep answers short and natural to speak aloud.';
