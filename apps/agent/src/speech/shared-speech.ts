import { getJobContext, InferenceRunner } from '@livekit/agents';
import type { PiperBackend } from '@parley/plugin-local-tts';
import type { Transcript, WhisperBackend } from '@parley/plugin-whisper';

/**
 * Whisper and Piper shared by every conversation of an agent worker. They run as runners in
 * the framework's inference process (beside the VAD and the turn detector), which the job
 * processes already share: one model in memory per worker instead of one per conversation, and
 * one queue for the CPU instead of several engines fighting over the same cores.
 *
 * Loading in the background: the framework registers the worker with LiveKit only after every
 * runner's initialize() has returned, so the runners start their engines without waiting for
 * them and each request waits for the load instead. A restarted worker then registers ≈ 1.5 s
 * sooner, which is how much sooner the people whose agent died with it get a replacement.
 */
export const WHISPER_METHOD = 'parley_whisper';
export const PIPER_METHOD = 'parley_piper';

export interface WhisperRequest {
  pcm: string;
  windowS: number;
  priority: 'final' | 'interim';
}

export interface PiperRequest {
  text: string;
}

export interface PiperReply {
  pcm: string;
  sampleRate: number;
}

/** Registers the runners the worker's inference process loads; call before the worker starts. */
export function registerSharedSpeech(engines: { whisper: boolean; piper: boolean }): void {
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  if (engines.whisper) InferenceRunner.registerRunner(WHISPER_METHOD, new URL(`./whisper-runner.${extension}`, import.meta.url).toString());
  if (engines.piper) InferenceRunner.registerRunner(PIPER_METHOD, new URL(`./piper-runner.${extension}`, import.meta.url).toString());
}

/** What a runner answers when it fails: an Error does not survive the trip between processes. */
export interface RunnerFailure {
  error: string;
}

async function doInference(method: string, data: unknown): Promise<unknown> {
  // Only a running job has the executor; the engines are used inside jobs only.
  const reply = await getJobContext().inferenceExecutor.doInference(method, data);
  if (typeof reply === 'object' && reply !== null && 'error' in reply && typeof reply.error === 'string') throw new Error(reply.error);
  return reply;
}

/** Runs a runner's work and turns a failure into a reply that carries its message. */
export async function answerOrFailure<T>(work: () => Promise<T>): Promise<T | RunnerFailure> {
  try {
    return await work();
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

const base64Of = (samples: Int16Array): string => Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength).toString('base64');

function samplesOf(base64: string): Int16Array {
  const bytes = Buffer.from(base64, 'base64');
  return Int16Array.from(new Int16Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.byteLength / 2)));
}

/** Whisper through the shared runner. A cancelled request still finishes there; its result is dropped. */
export function sharedWhisper(): WhisperBackend {
  return {
    start: async () => undefined,
    transcribe: async (pcm, options) => {
      const request: WhisperRequest = { pcm: base64Of(pcm), windowS: options.windowS, priority: options.priority ?? 'final' };
      return (await doInference(WHISPER_METHOD, request)) as Transcript;
    },
    close: async () => undefined,
  };
}

export function sharedPiper(): PiperBackend {
  return {
    start: async () => undefined,
    synthesize: async (text) => {
      const request: PiperRequest = { text };
      const reply = (await doInference(PIPER_METHOD, request)) as PiperReply;
      return { samples: samplesOf(reply.pcm), sampleRate: reply.sampleRate };
    },
    close: async () => undefined,
  };
}

export { base64Of, samplesOf };
