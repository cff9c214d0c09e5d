import path from 'node:path';
import { inference, log } from '@livekit/agents';
import { LlamaCppModel, PrefixStateCache, primeConversation } from '@parley/plugin-llama-cpp';
import { LocalTTS, type PiperOptions } from '@parley/plugin-local-tts';
import { PocketSphinxSTT } from '@parley/plugin-pocketsphinx';
import { WhisperSTT } from '@parley/plugin-whisper';
import { isProviderName } from '@parley/protocol';
import type { AgentConfig } from './config.js';
import type { LocalEngines } from './providers/engines.js';
import { providerDefinition } from './providers/registry.js';
import type { SettledRuntime } from './runtime.js';
import type { ProviderAvailability } from './session-options.js';
import { sharedPiper, sharedWhisper } from './speech/shared-speech.js';
import { DEFAULT_INSTRUCTIONS } from './session-options.js';
import { defaultToolContext } from './local-brain.js';

export type { LocalEngines } from './providers/engines.js';

/**
 * Loads the GGUF model and primes one conversation with the default prompt prefix; null and the
 * reason when the model cannot be loaded. A failed priming (e.g. a read-only state folder for its
 * cache) only costs the first turn its speed: the model is kept.
 */
async function loadLocalModel(config: AgentConfig, model: string | null): Promise<{ llama: LlamaCppModel | null; problem: string | null }> {
  const { gpu, contextSize, threads } = config.providerSettings.local;
  // The worker checked the model before it started (settle-runtime.ts); a missing file here is its decision.
  if (model === null) return { llama: null, problem: `the local model ${config.providerSettings.local.model} is not installed` };
  let llama: LlamaCppModel;
  try {
    llama = await LlamaCppModel.load({ modelPath: model, gpu, ...(threads === undefined ? {} : { threads }) });
  } catch (error) {
    // A truncated or corrupt file fails here; conversations fall back to echo and say why.
    const problem = `the local model ${model} could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
    log().error({ problem }, 'local language model unavailable');
    return { llama: null, problem };
  }
  const startedAt = performance.now();
  try {
    const cache = new PrefixStateCache(path.join(config.stateDir, 'cache', 'llm-prefix'), model, llama.runtime);
    let primed = 'evaluated';
    await llama.prepareConversation(contextSize, async (conversation) => {
      primed = await primeConversation(conversation, { instructions: DEFAULT_INSTRUCTIONS, toolCtx: defaultToolContext(config.timezone) }, { cache });
    });
    log().info({ primeMs: Math.round(performance.now() - startedAt), prefix: primed }, 'local model loaded and its prompt prefix primed');
  } catch (error) {
    log().warn({ error: error instanceof Error ? error.message : String(error) }, 'could not prime the local model\'s prompt prefix; the first turn evaluates it');
  }
  return { llama, problem: null };
}

/**
 * Starts the local engines a session of this deployment may use (Silero VAD, Whisper or
 * PocketSphinx, Piper or Festival, the GGUF model) and waits until they are warm, so the first
 * turn pays no model load.
 */
export async function startLocalEngines(runtime: SettledRuntime): Promise<LocalEngines> {
  const { config, engines: settled } = runtime;
  const vad = new inference.VAD();
  const { allowed, offered } = config.providers;
  // Offered recognizers are created too (they start on first use), so a session may ask for them.
  const allowedStt = new Set([...allowed.stt, ...offered.stt]);
  const speech = config.localSpeech;
  // The worker settled which engines can run and where their files are (settle-runtime.ts); its
  // inference process runs the shared ones, and an offered one starts here, on first use.
  const { shared, whisperModelDir, piperVoiceFile } = settled;
  const whisper =
    allowedStt.has('whisper') && whisperModelDir !== null
      ? new WhisperSTT({
          vad,
          interimIntervalMs: speech.whisperInterimMs,
          finalWindowS: speech.whisperFinalWindowS,
          ...(shared.whisper ? { backend: sharedWhisper() } : { python: speech.python, modelDir: whisperModelDir, threads: speech.whisperThreads }),
        })
      : null;
  const pocketsphinx = allowedStt.has('pocketsphinx') ? new PocketSphinxSTT({ vad, binaryPath: speech.pocketsphinxBinary }) : null;
  const piper: PiperOptions | undefined =
    piperVoiceFile === null ? undefined : shared.piper ? { backend: sharedPiper() } : { python: speech.python, voice: piperVoiceFile, threads: speech.piperThreads };
  // An explicitly chosen Debian engine leads the chain; Piper then stays out of it.
  const piperInChain = config.ttsEngine === 'auto' || config.ttsEngine === 'piper';
  const tts = new LocalTTS({ engine: config.ttsEngine, ...(piper && piperInChain ? { piper } : {}) });
  const wantsLlama = allowed.llm.includes('local');
  // Only offered (the default allow-list): loading ~1 GB in every job process for a name nobody chose would cost every conversation; the first session that asks loads it.
  const onDemand = !wantsLlama && offered.llm.includes('local') ? settled.llmModelFile : null;
  const [local] = await Promise.all([
    wantsLlama ? loadLocalModel(config, settled.llmModelFile) : Promise.resolve({ llama: null, problem: null }),
    // Only the default recognizer is warmed: another one a session asks for starts on first use.
    config.providers.stt === 'whisper' ? whisper?.prewarm() : undefined,
    config.providers.stt === 'pocketsphinx' ? pocketsphinx?.prewarm() : undefined,
    tts.prewarm(),
  ]);
  return { vad, whisper, pocketsphinx, tts, piper, llama: local.llama, llamaProblem: local.problem, llamaOnDemand: onDemand };
}

/** Loads an offered local model for the session that asks for it (see startLocalEngines); a no-op when loaded or not offered. */
export async function loadLocalModelOnDemand(config: AgentConfig, engines: LocalEngines): Promise<void> {
  if (engines.llama !== null || engines.llamaOnDemand === null) return;
  const loaded = await loadLocalModel(config, engines.llamaOnDemand);
  engines.llama = loaded.llama;
  engines.llamaProblem = loaded.problem;
  engines.llamaOnDemand = null;
}

/** Which offered providers this job process can run, from each definition's `available` (session-options.ts). */
export function providerAvailability(engines: LocalEngines): ProviderAvailability {
  return (slot, name) => {
    if (!isProviderName(slot, name)) return false;
    const available = providerDefinition(slot, name).available;
    return available === undefined || available(engines);
  };
}

export async function closeLocalEngines(engines: LocalEngines): Promise<void> {
  await Promise.allSettled([engines.whisper?.close(), engines.pocketsphinx?.close(), engines.tts.close()]);
}
