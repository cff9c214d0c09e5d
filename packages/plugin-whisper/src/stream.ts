import { type APIConnectOptions, stt, type VAD, type VADEvent, VADEventType } from '@livekit/agents';
import { SPEECH_SAMPLE_RATE, VadSegmentedStream } from '@parley/audio';
import type { WhisperSTT } from './stt.js';
import { INTERIM_WINDOW_S, type Transcript } from './transcriber.js';

const SAMPLES_PER_MS = SPEECH_SAMPLE_RATE / 1000;
/**
 * Audio before the VAD's speech start that goes with the utterance. Generous because the VAD
 * sometimes confirms speech late (codec artefacts, a soft first word), and Whisper reads leading
 * silence well; it never reaches back into the previous utterance.
 */
const PRE_ROLL_MS = 800;
/** Audio after the last speech that goes with the utterance (soft endings). */
const TAIL_MS = 200;
/**
 * Silence after which the final decode starts, before the VAD confirms the end of speech: the
 * transcript is then mostly ready when it does. If the user goes on, the guess is dropped.
 */
const SPECULATE_AFTER_SILENCE_MS = 100;
/** A guess that stopped this close to the confirmed end of speech is used as the final. */
const SPECULATION_TOLERANCE_MS = 120;
/** RMS above which a 10 ms window counts as loud, for the onset diagnostic in the log. */
const ONSET_RMS = 500;
/** Longest utterance kept (the VAD's own limit is 60 s). */
const RING_MS = 65_000;

interface Speculation {
  /** Absolute sample index of the end of speech the guess assumed. */
  speechEnd: number;
  startedAt: number;
  result: Promise<Transcript | null>;
}

interface Segment {
  requestId: string;
  startSample: number;
  speculation: Speculation | null;
  interimRunning: boolean;
  lastInterimEnd: number;
  done: boolean;
}

/**
 * One user's audio → Whisper transcripts. Runs its own VAD stream over 16 kHz audio; each VAD
 * speech segment is one utterance: START_OF_SPEECH, interim passes while it lasts, a final decode
 * started speculatively at the first silence, then FINAL_TRANSCRIPT and END_OF_SPEECH.
 */
export class WhisperSpeechStream extends VadSegmentedStream {
  label = 'whisper.SpeechStream';
  readonly #stt: WhisperSTT;
  readonly #interimSamples: number;
  readonly #requests = new AbortController();
  #segment: Segment | undefined;
  /** Absolute ring index where the audio of the previous utterance ended. */
  #previousEnd = 0;

  constructor(sttImpl: WhisperSTT, vad: VAD, interimIntervalMs: number, connOptions?: APIConnectOptions) {
    super(sttImpl, vad, RING_MS * SAMPLES_PER_MS, sttImpl._logger, connOptions);
    this.#stt = sttImpl;
    this.#interimSamples = interimIntervalMs * SAMPLES_PER_MS;
  }

  protected override onStop(): void {
    this.#requests.abort();
  }

  protected override endSegmentNow(): Promise<void> {
    return this.#endSegment(this.ring.end);
  }

  protected override onVadEvent(event: VADEvent, at: number): void {
    if (event.type === VADEventType.START_OF_SPEECH) {
      void this.schedule(() => this.#startSegment(at, event));
    } else if (event.type === VADEventType.INFERENCE_DONE) {
      this.#onInference(at, event);
    } else if (event.type === VADEventType.END_OF_SPEECH) {
      void this.schedule(() => this.#endSegment(at - Math.round(event.silenceDuration * SAMPLES_PER_MS)));
    }
  }

  #startSegment(at: number, event: VADEvent): void {
    if (this.#segment || this.abortSignal.aborted) return;
    const speechStart = at - Math.round(event.speechDuration * SAMPLES_PER_MS);
    const startSample = Math.max(this.ring.start, this.#previousEnd, speechStart - PRE_ROLL_MS * SAMPLES_PER_MS);
    this.#segment = { requestId: this.#stt._nextRequestId(), startSample, speculation: null, interimRunning: false, lastInterimEnd: startSample, done: false };
    this.#stt._logger.debug({ requestId: this.#segment.requestId, startSample, ringEnd: this.ring.end }, 'whisper segment start');
    this.put({ type: stt.SpeechEventType.START_OF_SPEECH, requestId: this.#segment.requestId });
  }

  #onInference(at: number, event: VADEvent): void {
    const segment = this.#segment;
    if (!segment || segment.done) return;
    if (event.rawAccumulatedSilence >= SPECULATE_AFTER_SILENCE_MS) {
      const speechEnd = at - Math.round(event.rawAccumulatedSilence * SAMPLES_PER_MS);
      if (segment.speculation === null || Math.abs(segment.speculation.speechEnd - speechEnd) > SPECULATION_TOLERANCE_MS * SAMPLES_PER_MS) {
        segment.speculation = { speechEnd, startedAt: Date.now(), result: this.#decode(segment.startSample, speechEnd + TAIL_MS * SAMPLES_PER_MS, this.#stt._finalWindowS).catch(() => null) };
      }
      return;
    }
    if (event.rawAccumulatedSilence === 0 && event.rawAccumulatedSpeech > 0) {
      // The user went on talking: the guess is stale.
      segment.speculation = null;
      this.#maybeInterim(segment);
    }
  }

  #maybeInterim(segment: Segment): void {
    if (this.#interimSamples <= 0 || segment.interimRunning || this.ring.end - segment.lastInterimEnd < this.#interimSamples) return;
    segment.interimRunning = true;
    const end = this.ring.end;
    segment.lastInterimEnd = end;
    // The worker grows the window when the utterance outlasts it.
    void this.#decode(segment.startSample, end, INTERIM_WINDOW_S, 'interim')
      .then((transcript) => {
        if (segment.done || this.#segment !== segment || !transcript.text) return;
        this.put({
          type: stt.SpeechEventType.INTERIM_TRANSCRIPT,
          requestId: segment.requestId,
          alternatives: [this.#stt._speechData(transcript, this.#secondsAt(segment.startSample))],
        });
      })
      .catch(() => undefined)
      .finally(() => {
        segment.interimRunning = false;
      });
  }

  async #endSegment(speechEnd: number): Promise<void> {
    const segment = this.#segment;
    this.#stt._logger.debug({ requestId: segment?.requestId, speechEnd, ringEnd: this.ring.end }, 'whisper segment end');
    if (!segment) return;
    segment.done = true;
    this.#segment = undefined;
    this.#previousEnd = Math.min(this.ring.end, speechEnd + TAIL_MS * SAMPLES_PER_MS);
    const speechEndTime = Date.now() - Math.round((this.ring.end - speechEnd) / SAMPLES_PER_MS);
    const speculation = segment.speculation;
    const usable = speculation !== null && Math.abs(speculation.speechEnd - speechEnd) <= SPECULATION_TOLERANCE_MS * SAMPLES_PER_MS;
    const confirmedAt = Date.now();
    let decodeStartedAt = speculation?.startedAt ?? confirmedAt;
    const result = await this.endUtterance(
      segment.requestId,
      speechEndTime,
      async () => {
        let transcript = usable ? await speculation.result : null;
        if (transcript === null) {
          decodeStartedAt = Date.now();
          transcript = await this.#decode(segment.startSample, speechEnd + TAIL_MS * SAMPLES_PER_MS, this.#stt._finalWindowS);
        }
        return { transcript, data: this.#stt._speechData(transcript, this.#secondsAt(segment.startSample)), audioDuration: transcript.audioMs / 1000 };
      },
      'whisper could not transcribe an utterance',
    );
    if (result) {
      const { transcript } = result;
      const now = Date.now();
      // queuedMs: time the request spent outside the decoder (queue, IPC); readyAfterEndMs: how long after the VAD confirmed the end the final came.
      // chars (never the text): an empty final for a VAD segment is how lost words show up in the log.
      // onsetMs: how far into the segment the first loud audio is; near 0 means speech began before
      // the segment did (a late VAD start cut the first words off).
      this.#stt._logger.info(
        { decodeMs: transcript.decodeMs, audioMs: transcript.audioMs, chars: transcript.text.length, onsetMs: this.#onsetMs(segment.startSample, speechEnd), speculative: usable, queuedMs: Math.round(now - decodeStartedAt - transcript.decodeMs), readyAfterEndMs: now - confirmedAt },
        'whisper final',
      );
    }
  }

  /** The audio between two absolute ring indices, clamped to what the ring still holds. */
  #audioBetween(from: number, to: number): Int16Array {
    return this.ring.readFrom(from).subarray(0, Math.max(0, Math.min(this.ring.end, to) - Math.max(from, this.ring.start)));
  }

  #decode(from: number, to: number, windowS: number, priority: 'final' | 'interim' = 'final'): Promise<Transcript> {
    return this.#stt._transcriber.transcribe(this.#audioBetween(from, to), { windowS, priority, signal: this.#requests.signal });
  }

  #onsetMs(from: number, to: number): number | null {
    const pcm = this.#audioBetween(from, to);
    const window = 10 * SAMPLES_PER_MS;
    for (let offset = 0; offset + window <= pcm.length; offset += window) {
      let energy = 0;
      for (let i = offset; i < offset + window; i += 1) energy += (pcm[i] ?? 0) ** 2;
      if (Math.sqrt(energy / window) > ONSET_RMS) return offset / SAMPLES_PER_MS;
    }
    return null;
  }

  #secondsAt(sample: number): number {
    return this.startTimeOffset + sample / SPEECH_SAMPLE_RATE;
  }
}
