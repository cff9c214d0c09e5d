/** Mono 16-bit PCM audio at a known sample rate. */
export interface PcmAudio {
  samples: Int16Array;
  sampleRate: number;
}

export class WavParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WavParseError';
  }
}

export interface ParseWavOptions {
  /**
   * Average multi-channel audio to mono. Off by default: a recording that should be mono is
   * refused rather than quietly changed.
   */
  downmix?: boolean;
}

/**
 * Parses a RIFF/WAVE buffer holding 16-bit PCM, walking its chunks (no 44-byte header assumed).
 * Tolerates the "unknown length" headers that streaming writers (espeak-ng --stdout) put in the
 * RIFF and data sizes. The one WAV reader of the engines, the benchmarks and the tests.
 */
export function parseWav(buf: Buffer, options: ParseWavOptions = {}): PcmAudio {
  if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') {
    throw new WavParseError('not a RIFF/WAVE buffer');
  }
  let off = 12;
  let sampleRate = 0;
  let channels = 0;
  let bits = 0;
  let format = 0;
  while (off + 8 <= buf.length) {
    const id = buf.toString('ascii', off, off + 4);
    const declared = buf.readUInt32LE(off + 4);
    const body = off + 8;
    const size = Math.min(declared, buf.length - body);
    if (id === 'fmt ') {
      if (size < 16) throw new WavParseError('fmt chunk too short');
      format = buf.readUInt16LE(body);
      channels = buf.readUInt16LE(body + 2);
      sampleRate = buf.readUInt32LE(body + 4);
      bits = buf.readUInt16LE(body + 14);
    } else if (id === 'data') {
      const channelsOk = channels === 1 || (options.downmix === true && channels > 1);
      if (format !== 1 || bits !== 16 || !channelsOk || sampleRate <= 0) {
        const wanted = options.downmix === true ? '16-bit PCM' : '16-bit mono PCM';
        throw new WavParseError(`unsupported WAV format (format=${format}, bits=${bits}, channels=${channels}); expected ${wanted}`);
      }
      const frameBytes = 2 * channels;
      const frames = Math.floor(size / frameBytes);
      const samples = new Int16Array(frames);
      for (let i = 0; i < frames; i++) {
        let acc = 0;
        for (let c = 0; c < channels; c++) acc += buf.readInt16LE(body + i * frameBytes + 2 * c);
        samples[i] = Math.round(acc / channels);
      }
      return { samples, sampleRate };
    }
    off = body + size + (size & 1);
  }
  throw new WavParseError('no data chunk in WAV');
}

/** A canonical 44-byte-header RIFF/WAVE file of mono 16-bit PCM. */
export function writeWav(pcm: PcmAudio): Buffer {
  const data = pcm.samples.length * 2;
  const buf = Buffer.alloc(44 + data);
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(36 + data, 4);
  buf.write('WAVEfmt ', 8, 'ascii');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(pcm.sampleRate, 24);
  buf.writeUInt32LE(pcm.sampleRate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(data, 40);
  for (let i = 0; i < pcm.samples.length; i += 1) buf.writeInt16LE(pcm.samples[i] ?? 0, 44 + 2 * i);
  return buf;
}
