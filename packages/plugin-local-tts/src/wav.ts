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

/**
 * Parses a RIFF/WAVE buffer holding 16-bit PCM. Tolerates the "unknown length" headers that
 * streaming writers (espeak-ng --stdout) put in the RIFF and data sizes, and downmixes
 * multi-channel audio to mono.
 */
export function parseWav(buf: Buffer): PcmAudio {
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
      if (format !== 1 || bits !== 16 || channels < 1 || sampleRate <= 0) {
        throw new WavParseError(`unsupported WAV format (format=${format}, bits=${bits}, channels=${channels})`);
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
