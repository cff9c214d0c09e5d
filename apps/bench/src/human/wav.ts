/** Mono 16-bit PCM. */
export interface Pcm {
  samples: Int16Array;
  sampleRate: number;
}

/** Reads a RIFF/WAVE file of 16-bit mono PCM (the only kind the set holds). */
export function readWav(buf: Buffer): Pcm {
  if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') throw new Error('not a RIFF/WAVE file');
  let offset = 12;
  let sampleRate = 0;
  while (offset + 8 <= buf.length) {
    const id = buf.toString('ascii', offset, offset + 4);
    const size = Math.min(buf.readUInt32LE(offset + 4), buf.length - offset - 8);
    const body = offset + 8;
    if (id === 'fmt ') {
      const format = buf.readUInt16LE(body);
      const channels = buf.readUInt16LE(body + 2);
      const bits = buf.readUInt16LE(body + 14);
      if (format !== 1 || channels !== 1 || bits !== 16) throw new Error(`expected 16-bit mono PCM, got format ${format}, ${channels} channels, ${bits} bits`);
      sampleRate = buf.readUInt32LE(body + 4);
    } else if (id === 'data') {
      if (sampleRate === 0) throw new Error('data chunk before fmt chunk');
      const samples = new Int16Array(Math.floor(size / 2));
      for (let i = 0; i < samples.length; i += 1) samples[i] = buf.readInt16LE(body + 2 * i);
      return { samples, sampleRate };
    }
    offset = body + size + (size & 1);
  }
  throw new Error('no data chunk');
}

export function writeWav(pcm: Pcm): Buffer {
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

const FRAME_MS = 20;
const JOIN_MARGIN_MS = 60;
/** A frame counts as speech within 25 dB of the loudest frame (the research notes' measure). */
const SPEECH_BELOW_PEAK_DB = 25;

/** Per 20 ms frame: is it speech (energy within 25 dB of the clip's loudest frame)? */
export function speechFrames(pcm: Pcm): boolean[] {
  const size = Math.max(1, Math.round((pcm.sampleRate * FRAME_MS) / 1000));
  const energies: number[] = [];
  for (let start = 0; start < pcm.samples.length; start += size) {
    let sum = 0;
    const end = Math.min(pcm.samples.length, start + size);
    for (let i = start; i < end; i += 1) sum += (pcm.samples[i] ?? 0) ** 2;
    energies.push(sum / Math.max(1, end - start));
  }
  const peak = Math.max(1e-9, ...energies);
  const floor = peak * 10 ** (-SPEECH_BELOW_PEAK_DB / 10);
  return energies.map((energy) => energy >= floor);
}

/** Where speech starts and ends, in ms. */
export function speechBounds(pcm: Pcm): { startMs: number; endMs: number } {
  const frames = speechFrames(pcm);
  const first = frames.indexOf(true);
  const last = frames.lastIndexOf(true);
  if (first < 0) return { startMs: 0, endMs: 0 };
  return { startMs: first * FRAME_MS, endMs: Math.min((last + 1) * FRAME_MS, (pcm.samples.length / pcm.sampleRate) * 1000) };
}

/** Silences inside the speech of at least `minMs`, as [start, length] in ms. */
export function internalPauses(pcm: Pcm, minMs = 250): { atMs: number; ms: number }[] {
  const frames = speechFrames(pcm);
  const first = frames.indexOf(true);
  const last = frames.lastIndexOf(true);
  const pauses: { atMs: number; ms: number }[] = [];
  let run = -1;
  for (let i = first; i <= last && first >= 0; i += 1) {
    if (!frames[i] && run < 0) run = i;
    if (frames[i] && run >= 0) {
      if ((i - run) * FRAME_MS >= minMs) pauses.push({ atMs: run * FRAME_MS, ms: (i - run) * FRAME_MS });
      run = -1;
    }
  }
  return pauses;
}

/**
 * Joins recordings of one sentence so that `gapMs` of silence lies between the end of one's
 * speech and the start of the next's; each keeps its own lead-in and tail outside the joint.
 */
export function joinWithGap(parts: readonly Pcm[], gapMs: number): Pcm {
  const sampleRate = parts[0]?.sampleRate ?? 16000;
  // Keep a little of each side's own room tone at the joint: the energy measure can miss a soft final consonant.
  const marginMs = Math.min(JOIN_MARGIN_MS, gapMs / 2);
  if (parts.some((part) => part.sampleRate !== sampleRate)) throw new Error('cannot join recordings of different sample rates');
  const pieces: Int16Array[] = [];
  parts.forEach((part, index) => {
    const bounds = speechBounds(part);
    const from = index === 0 ? 0 : Math.max(0, Math.floor(((bounds.startMs - marginMs) * sampleRate) / 1000));
    const to = index === parts.length - 1 ? part.samples.length : Math.min(part.samples.length, Math.ceil(((bounds.endMs + marginMs) * sampleRate) / 1000));
    if (index > 0) pieces.push(new Int16Array(Math.round(((gapMs - 2 * marginMs) * sampleRate) / 1000)));
    pieces.push(part.samples.subarray(from, to));
  });
  const samples = new Int16Array(pieces.reduce((sum, piece) => sum + piece.length, 0));
  let offset = 0;
  for (const piece of pieces) {
    samples.set(piece, offset);
    offset += piece.length;
  }
  return { samples, sampleRate };
}
