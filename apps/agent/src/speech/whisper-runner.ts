import { InferenceRunner, log } from '@livekit/agents';
import { WhisperTranscriber, type Transcript } from '@parley/plugin-whisper';
import { inheritedRuntime } from '../runtime.js';
import { answerOrFailure, samplesOf, type RunnerFailure, type WhisperRequest } from './shared-speech.js';

/**
 * Runs in the agent worker's inference process: one Whisper worker for all its conversations.
 * A failed start is reported on each request, never thrown from initialize (that would take the
 * VAD and the turn detector, which share the process, down with it).
 */
export default class WhisperRunner extends InferenceRunner<WhisperRequest, Transcript | RunnerFailure> {
  #transcriber: WhisperTranscriber | null = null;
  #problem = 'the Whisper runner is not initialized';
  #loading: Promise<void> = Promise.resolve();

  /** Starts the load without waiting for it (see "Loading in the background" in shared-speech.ts). */
  async initialize(): Promise<void> {
    this.#loading = this.#load();
  }

  async #load(): Promise<void> {
    const logger = log().child({ runner: 'whisper' });
    try {
      const { config, engines } = inheritedRuntime();
      // Registered only when the worker found Whisper runnable (settle-runtime.ts).
      if (engines.whisperModelDir === null) throw new Error('the worker found no Whisper model');
      const transcriber = new WhisperTranscriber({
        python: config.localSpeech.python,
        modelDir: engines.whisperModelDir,
        threads: config.localSpeech.whisperThreads,
        language: 'en',
        logger,
      });
      await transcriber.start();
      this.#transcriber = transcriber;
    } catch (error) {
      this.#problem = `Whisper could not start: ${error instanceof Error ? error.message : String(error)}`;
      logger.error({ error: this.#problem }, 'shared Whisper unavailable');
    }
  }

  run(data: WhisperRequest): Promise<Transcript | RunnerFailure> {
    return answerOrFailure(async () => {
      await this.#loading;
      if (this.#transcriber === null) throw new Error(this.#problem);
      return this.#transcriber.transcribe(samplesOf(data.pcm), { windowS: data.windowS, priority: data.priority });
    });
  }

  async close(): Promise<void> {
    await this.#loading;
    await this.#transcriber?.close();
  }
}
