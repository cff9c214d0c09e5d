import { inference, voice, type VAD } from '@livekit/agents';
import { EchoLLM } from '@parley/plugin-echo';
import { LocalTTS } from '@parley/plugin-local-tts';
import { PocketSphinxSTT } from '@parley/plugin-pocketsphinx';
import type { AgentConfig } from './config.js';

/**
 * Builds the conversation pipeline from config. Everything here runs locally:
 * Silero VAD and the v1-mini turn detector are pinned so nothing reaches for LiveKit Cloud.
 */
export function createAgentSession(config: AgentConfig, vad: VAD): voice.AgentSession {
  return new voice.AgentSession({
    vad,
    stt: new PocketSphinxSTT({ vad }),
    llm: new EchoLLM(),
    tts: new LocalTTS({ engine: config.ttsEngine }),
    turnHandling: {
      turnDetection: new inference.TurnDetector({ version: 'v1-mini' }),
      endpointing: { minDelay: config.turn.minEndpointingDelayMs, maxDelay: config.turn.maxEndpointingDelayMs },
      interruption: { mode: 'vad', minDuration: config.turn.minInterruptionMs },
    },
  });
}

export const AGENT_INSTRUCTIONS =
  'You are Parley, a helpful voice assistant. Keep answers short and natural to speak aloud.';
