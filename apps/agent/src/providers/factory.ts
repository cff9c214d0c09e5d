import type { llm, stt, tts } from '@livekit/agents';
import * as deepgram from '@livekit/agents-plugin-deepgram';
import * as google from '@livekit/agents-plugin-google';
import * as openai from '@livekit/agents-plugin-openai';
import { EchoLLM } from '@parley/plugin-echo';
import { LlamaCppLLM } from '@parley/plugin-llama-cpp';
import { LocalTTS } from '@parley/plugin-local-tts';
import type { AgentConfig } from '../config.js';
import { localBrainRouter } from '../local-brain.js';
import type { LocalEngines } from '../session-factory.js';
import type { LlmProvider, SttChoice, TtsChoice } from './choices.js';

export type Brain = { kind: 'pipeline'; llm: llm.LLM } | { kind: 'realtime'; model: llm.RealtimeModel };

export class ProviderUnavailableError extends Error {
  override readonly name = 'ProviderUnavailableError';
}

/**
 * Builds the language model for one conversation. Local and cascaded providers return an LLM
 * for the STT → LLM → TTS pipeline; speech-to-speech providers return a realtime model.
 */
export function createBrain(provider: LlmProvider, config: AgentConfig, engines: LocalEngines, instructions: string): Brain {
  const settings = config.providerSettings;
  switch (provider) {
    case 'echo':
      return { kind: 'pipeline', llm: new EchoLLM() };
    case 'local': {
      if (engines.llama === null) throw new ProviderUnavailableError('the local model is not loaded (PARLEY_LLM_MODEL_PATH)');
      const { contextSize, maxTokens, temperature } = settings.local;
      return { kind: 'pipeline', llm: new LlamaCppLLM({ model: engines.llama, contextSize, maxTokens, temperature, router: localBrainRouter() }) };
    }
    case 'openai':
      return {
        kind: 'pipeline',
        llm: new openai.LLM({ model: settings.openai.model, apiKey: settings.openai.apiKey, baseURL: settings.openai.baseUrl }),
      };
    case 'openai-compatible':
      return {
        kind: 'pipeline',
        // Self-hosted servers (Ollama, vLLM, llama.cpp) usually ignore the key; the client requires one.
        llm: new openai.LLM({
          model: settings.openaiCompatible.model ?? '',
          apiKey: settings.openaiCompatible.apiKey ?? 'unused',
          baseURL: settings.openaiCompatible.baseUrl,
        }),
      };
    case 'gemini':
      return {
        kind: 'pipeline',
        llm: new google.LLM({
          model: settings.gemini.model,
          apiKey: settings.gemini.apiKey,
          ...(settings.gemini.baseUrl === undefined ? {} : { httpOptions: { baseUrl: settings.gemini.baseUrl } }),
        }),
      };
    case 'gemini-live':
      return {
        kind: 'realtime',
        model: new google.realtime.RealtimeModel({
          model: settings.gemini.liveModel,
          apiKey: settings.gemini.apiKey,
          instructions,
          ...(settings.gemini.baseUrl === undefined ? {} : { httpOptions: { baseUrl: settings.gemini.baseUrl } }),
        }),
      };
    case 'openai-realtime':
      return {
        kind: 'realtime',
        model: new openai.realtime.RealtimeModel({ model: settings.openai.realtimeModel, apiKey: settings.openai.apiKey, baseURL: settings.openai.baseUrl }),
      };
  }
}

export function createStt(choice: SttChoice, config: AgentConfig, engines: LocalEngines): stt.STT {
  const settings = config.providerSettings;
  switch (choice.kind) {
    case 'whisper':
      if (engines.whisper === null) throw new ProviderUnavailableError('the Whisper recognizer is not installed (see the agent start-up log)');
      return engines.whisper;
    case 'pocketsphinx':
      if (engines.pocketsphinx === null) throw new ProviderUnavailableError('PocketSphinx is not allowed here (PARLEY_ALLOWED_STT)');
      return engines.pocketsphinx;
    case 'deepgram':
      return new deepgram.STT({
        model: settings.deepgram.model,
        apiKey: settings.deepgram.apiKey,
        ...(settings.deepgram.baseUrl === undefined ? {} : { baseUrl: settings.deepgram.baseUrl }),
      });
    case 'openai':
      return new openai.STT({ model: settings.openai.sttModel, apiKey: settings.openai.apiKey, baseURL: settings.openai.baseUrl });
  }
}

export function createTts(choice: TtsChoice, config: AgentConfig, engines: LocalEngines, voice: string | undefined): tts.TTS {
  const settings = config.providerSettings;
  switch (choice.kind) {
    case 'local':
      // A session may ask for a different local engine than the warm one; it starts on demand.
      return choice.engine === null || choice.engine === config.ttsEngine ? engines.tts : new LocalTTS({ engine: choice.engine, ...(engines.piper ? { piper: engines.piper } : {}) });
    case 'openai':
      return new openai.TTS({
        model: settings.openai.ttsModel,
        voice: (voice ?? settings.openai.ttsVoice) as openai.TTSVoices,
        apiKey: settings.openai.apiKey,
        baseURL: settings.openai.baseUrl,
      });
  }
}
