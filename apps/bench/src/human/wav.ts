import { concatPcm, type PcmAudio } from '@parley/audio';

/** Mono 16-bit PCM (the only kind the set holds; `parseWav` of @parley/audio reads it and refuses any other, `writeWav` writes it). */
export type Pcm = PcmAudio;

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
  return { samples: concatPcm(pieces), sampleRate };
}
