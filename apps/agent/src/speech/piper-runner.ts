import { InferenceRunner, log } from '@livekit/agents';
import { PiperWorker } from '@parley/plugin-local-tts';
import { inheritedRuntime } from '../runtime.js';
import { answerOrFailure, base64Of, type PiperReply, type PiperRequest, type RunnerFailure } from './shared-speech.js';

const SENTENCE_TIMEOUT_MS = 15_000;

/** Runs in the agent worker's inference process: one Piper voice for all its conversations. */
export default class PiperRunner extends InferenceRunner<PiperRequest, PiperReply | RunnerFailure> {
  #voice: PiperWorker | null = null;
  #problem = 'the Piper runner is not initialized';
  #loading: Promise<void> = Promise.resolve();

  /** Starts the load without waiting for it (see "Loading in the background" in shared-speech.ts). */
  async initialize(): Promise<void> {
    this.#loading = this.#load();
  }

  async #load(): Promise<void> {
    const logger = log().child({ runner: 'piper' });
    try {
      const { config, engines } = inheritedRuntime();
      // Registered only when the worker found Piper runnable (settle-runtime.ts).
      if (engines.piperVoiceFile === null) throw new Error('the worker found no Piper voice');
      const voice = new PiperWorker({ python: config.localSpeech.python, voice: engines.piperVoiceFile, threads: config.localSpeech.piperThreads }, SENTENCE_TIMEOUT_MS, logger);
      await voice.start();
      this.#voice = voice;
    } catch (error) {
      this.#problem = `Piper could not start: ${error instanceof Error ? error.message : String(error)}`;
      logger.error({ error: this.#problem }, 'shared Piper unavailable');
    }
  }

  run(data: PiperRequest): Promise<PiperReply | RunnerFailure> {
    return answerOrFailure(async () => {
      await this.#loading;
      if (this.#voice === null) throw new Error(this.#problem);
      const audio = await this.#voice.synthesize(data.text, new AbortController().signal);
      return { pcm: base64Of(audio.samples), sampleRate: audio.sampleRate };
    });
  }

  async close(): Promise<void> {
    await this.#loading;
    await this.#voice?.close();
  }
}
