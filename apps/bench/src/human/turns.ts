/**
 * False cut-offs on human speech: each clip is one utterance, played in real time into an
 * AgentSession built with the project's own turn settings (Silero VAD, Whisper, the v1-mini turn
 * detector, the endpointing delays and the transcript's word on them). A clip that becomes more
 * than one user turn was cut off.
 */
import { createRequire } from 'node:module';
import { ReadableStream, type ReadableStreamDefaultController } from 'node:stream/web';
import { setTimeout as sleep } from 'node:timers/promises';
import { inference, llm, type stt, type VAD, voice } from '@livekit/agents';
import type { AgentConfig } from '@parley/agent/config';
import { transcriptEndpointing, transcriptEndpointingOptions } from '@parley/agent/transcript-endpointing';
import { AudioFrame } from '@livekit/rtc-node';
import { resampleLinear } from '../speech.js';
import type { Pcm } from './wav.js';

const FEED_RATE = 16000;
const FRAME_MS = 20;
const LEAD_IN_MS = 500;
/** Silence after the clip: the longest endpointing wait (3 s) plus time for the final decode. */
const TAIL_MS = 5000;

/** Linear interpolation to 16 kHz (the telephone clips are 8 kHz): the session hears what a browser would send after its resampler. */
export function to16k(pcm: Pcm): Int16Array {
  return resampleLinear(pcm.samples, pcm.sampleRate, FEED_RATE);
}

/** A microphone that plays PCM in real time, 20 ms a frame, paced on the wall clock. */
class ClipInput extends voice.AudioInput {
  #controller: ReadableStreamDefaultController<AudioFrame> | null = null;

  constructor() {
    super();
    this.multiStream.addInputStream(
      new ReadableStream<AudioFrame>({
        start: (controller) => {
          this.#controller = controller;
        },
      }),
    );
  }

  async play(samples: Int16Array): Promise<void> {
    const size = (FEED_RATE * FRAME_MS) / 1000;
    const started = performance.now();
    for (let offset = 0, index = 0; offset < samples.length; offset += size, index += 1) {
      const chunk = new Int16Array(size);
      chunk.set(samples.subarray(offset, offset + size));
      this.#controller?.enqueue(new AudioFrame(chunk, FEED_RATE, 1, size));
      // Pace against the start, so a late timer does not stretch the clip's pauses.
      const due = started + (index + 1) * FRAME_MS;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
    }
  }
}

type InferenceExecutor = NonNullable<NonNullable<ConstructorParameters<typeof inference.TurnDetector>[0]>['executor']>;

interface LocalInference {
  initEot(): void;
  predict(pcm: Int16Array): Promise<number>;
}

/**
 * The v1-mini end-of-turn model run in this process. In the worker it runs in the framework's
 * inference process; without a job there is none, and the detector would fall back to "always
 * finished" (1.0), which would measure a different product.
 */
export function localEotExecutor(): InferenceExecutor {
  // The same native module the framework loads, resolved from the framework's own folder.
  const native = createRequire(import.meta.resolve('@livekit/agents'))('@livekit/local-inference') as LocalInference;
  native.initEot();
  return {
    doInference: async (method: string, data: unknown): Promise<unknown> => {
      if (method !== 'lk_eot_audio') throw new Error(`no local runner for ${method}`);
      const bytes = Buffer.from((data as { pcm: string }).pcm, 'base64');
      const pcm = new Int16Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.byteLength / 2));
      const started = performance.now();
      const probability = await native.predict(pcm);
      return { probability, inferenceDurationMs: performance.now() - started };
    },
  };
}

export interface TurnResult {
  id: string;
  /** Each committed user turn: its text and when it was committed, ms from the clip's first sample. */
  turns: { text: string; atMs: number }[];
  /** User turns committed before the clip's speech had ended. */
  premature: number;
  /** From the end of the clip's speech to the first turn committed after it: the end-of-turn wait on human speech. */
  commitAfterSpeechEndMs: number | null;
}

export interface TurnHarness {
  vad: VAD;
  stt: stt.STT;
  config: AgentConfig;
  eot: InferenceExecutor;
}

/** One clip through a fresh session; the engines are shared across clips. */
export async function measureTurns(harness: TurnHarness, id: string, pcm: Pcm, speechEndMs: number): Promise<TurnResult> {
  const { turn } = harness.config;
  const session = new voice.AgentSession({
    vad: harness.vad,
    stt: harness.stt,
    // No reply at all: what is measured is how the user's speech is cut into turns.
    llm: new voice.testing.FakeLLM(),
    turnHandling: {
      turnDetection: new inference.TurnDetector({ version: 'v1-mini', executor: harness.eot }),
      endpointing: { minDelay: turn.minEndpointingDelayMs, maxDelay: turn.maxEndpointingDelayMs },
      interruption: { mode: 'vad', minDuration: turn.minInterruptionMs },
      preemptiveGeneration: { enabled: turn.preemptiveGeneration },
    },
    aecWarmupDuration: turn.aecWarmupMs,
  });
  // As the agent's pipeline does (conversation-pipeline.ts).
  const endpointing = transcriptEndpointingOptions(turn);
  if (endpointing !== null) session.on(voice.AgentSessionEventTypes.UserInputTranscribed, transcriptEndpointing(session, endpointing));
  const input = new ClipInput();
  session.input.audio = input;
  const turns: TurnResult['turns'] = [];
  let clipStart = 0;
  session.on(voice.AgentSessionEventTypes.ConversationItemAdded, (event: voice.ConversationItemAddedEvent) => {
    const item = event.item;
    if (item instanceof llm.ChatMessage && item.role === 'user') turns.push({ text: item.textContent ?? '', atMs: Math.round(performance.now() - clipStart) });
  });
  await session.start({ agent: new voice.Agent({ instructions: 'Listen.' }) });
  try {
    await input.play(new Int16Array((FEED_RATE * LEAD_IN_MS) / 1000));
    clipStart = performance.now();
    await input.play(to16k(pcm));
    await input.play(new Int16Array((FEED_RATE * TAIL_MS) / 1000));
  } finally {
    await session.close();
  }
  const after = turns.filter((entry) => entry.atMs >= speechEndMs).map((entry) => entry.atMs - speechEndMs);
  return { id, turns, premature: turns.filter((entry) => entry.atMs < speechEndMs).length, commitAfterSpeechEndMs: after.length > 0 ? Math.min(...after) : null };
}
