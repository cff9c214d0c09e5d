import { AudioFrame, AudioResampler, AudioResamplerQuality } from '@livekit/rtc-node';

/** The rate speech recognizers here work at. */
export const SPEECH_SAMPLE_RATE = 16000;

/** Averages interleaved channels into one (int16, with rounding). */
export function downmix(frame: AudioFrame): Int16Array {
  const ch = Math.max(1, frame.channels);
  const n = frame.samplesPerChannel;
  if (ch === 1) return frame.data.subarray(0, n);
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (let c = 0; c < ch; c++) acc += frame.data[i * ch + c] ?? 0;
    out[i] = Math.round(acc / ch);
  }
  return out;
}

/** Converts arbitrary `AudioFrame`s (any rate, any channel count) into 16 kHz mono PCM. */
export class To16kMono {
  #resampler?: AudioResampler;
  #inputRate = 0;

  /** Returns zero or more 16 kHz mono chunks (freshly allocated or views of fresh frames). */
  push(frame: AudioFrame): Int16Array[] {
    if (frame.samplesPerChannel <= 0 || frame.sampleRate <= 0) return [];
    const mono = downmix(frame);
    if (frame.sampleRate === SPEECH_SAMPLE_RATE) {
      this.#closeResampler();
      this.#inputRate = SPEECH_SAMPLE_RATE;
      return [frame.channels === 1 ? Int16Array.from(mono) : mono];
    }
    if (!this.#resampler || this.#inputRate !== frame.sampleRate) {
      this.#closeResampler();
      this.#resampler = new AudioResampler(frame.sampleRate, SPEECH_SAMPLE_RATE, 1, AudioResamplerQuality.MEDIUM);
      this.#inputRate = frame.sampleRate;
    }
    const out: Int16Array[] = [];
    for (const f of this.#resampler.push(new AudioFrame(mono, frame.sampleRate, 1, mono.length))) {
      if (f.samplesPerChannel > 0) out.push(f.data.slice(0, f.samplesPerChannel));
    }
    return out;
  }

  /** Drains the resampler's internal delay line. */
  flush(): Int16Array[] {
    if (!this.#resampler) return [];
    const out: Int16Array[] = [];
    for (const f of this.#resampler.flush()) {
      if (f.samplesPerChannel > 0) out.push(f.data.slice(0, f.samplesPerChannel));
    }
    return out;
  }

  close(): void {
    this.#closeResampler();
  }

  #closeResampler(): void {
    this.#resampler?.close();
    this.#resampler = undefined;
  }
}

/** Converts a whole buffer to 16 kHz mono in one go. */
export function bufferTo16kMono(frames: AudioFrame[]): Int16Array {
  const conv = new To16kMono();
  const parts: Int16Array[] = [];
  try {
    for (const f of frames) parts.push(...conv.push(f));
    parts.push(...conv.flush());
  } finally {
    conv.close();
  }
  return concatPcm(parts);
}

export function concatPcm(parts: Int16Array[]): Int16Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Int16Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/**
 * Ring buffer of the most recent 16 kHz samples, addressed by absolute sample index
 * (number of samples ever written).
 */
export class PcmRing {
  readonly #buf: Int16Array;
  #written = 0;

  constructor(capacitySamples: number) {
    this.#buf = new Int16Array(Math.max(1, Math.floor(capacitySamples)));
  }

  /** Absolute index one past the newest sample. */
  get end(): number {
    return this.#written;
  }

  /** Absolute index of the oldest sample still held. */
  get start(): number {
    return Math.max(0, this.#written - this.#buf.length);
  }

  write(pcm: Int16Array): void {
    const cap = this.#buf.length;
    let src = pcm;
    if (src.length > cap) {
      this.#written += src.length - cap;
      src = src.subarray(src.length - cap);
    }
    const pos = this.#written % cap;
    const first = Math.min(src.length, cap - pos);
    this.#buf.set(src.subarray(0, first), pos);
    if (first < src.length) this.#buf.set(src.subarray(first), 0);
    this.#written += src.length;
  }

  /** Copies samples [from, end) (clamped to what is held). */
  readFrom(from: number): Int16Array {
    const start = Math.min(Math.max(from, this.start), this.#written);
    const n = this.#written - start;
    const out = new Int16Array(n);
    const cap = this.#buf.length;
    const pos = start % cap;
    const first = Math.min(n, cap - pos);
    out.set(this.#buf.subarray(pos, pos + first), 0);
    if (first < n) out.set(this.#buf.subarray(0, n - first), first);
    return out;
  }
}

/**
 * Drops the near-silence a synthesizer puts before speech, keeping `keepMs` of it so the onset
 * is not clipped. Engines lead with 40–400 ms of silence (Piper before an ellipsis, Festival
 * always), which the listener hears as latency.
 */
export function trimLeadingSilence(pcm: Int16Array, sampleRate: number, keepMs = 20, threshold = 100): Int16Array {
  let onset = 0;
  while (onset < pcm.length && Math.abs(pcm[onset] ?? 0) < threshold) onset += 1;
  if (onset === pcm.length) return pcm;
  const start = Math.max(0, onset - Math.round((keepMs * sampleRate) / 1000));
  return start === 0 ? pcm : pcm.subarray(start);
}
