/** Half-width of the windowed-sinc kernel, in zero crossings of the low-pass filter. */
const ZERO_CROSSINGS = 12;

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = Math.PI * x;
  return Math.sin(px) / px;
}

/**
 * Resamples a whole mono 16-bit buffer with a Blackman-windowed sinc low-pass interpolator
 * (band limit at the lower of the two Nyquist frequencies). Whole-buffer on purpose: every
 * engine here hands back a finished sentence, so no streaming state is needed.
 */
export function resampleInt16(input: Int16Array, fromRate: number, toRate: number): Int16Array {
  if (fromRate === toRate || input.length === 0) return input;
  const ratio = toRate / fromRate;
  const cutoff = Math.min(1, ratio);
  const half = Math.ceil(ZERO_CROSSINGS / cutoff);
  const outLen = Math.round(input.length * ratio);
  const out = new Int16Array(outLen);
  for (let n = 0; n < outLen; n++) {
    const t = n / ratio;
    const center = Math.floor(t);
    let acc = 0;
    let norm = 0;
    for (let k = center - half + 1; k <= center + half; k++) {
      if (k < 0 || k >= input.length) continue;
      const x = t - k;
      const w = 0.42 + 0.5 * Math.cos((Math.PI * x) / half) + 0.08 * Math.cos((2 * Math.PI * x) / half);
      const h = sinc(cutoff * x) * w;
      acc += (input[k] ?? 0) * h;
      norm += h;
    }
    const v = norm !== 0 ? acc / norm : 0;
    out[n] = v > 32767 ? 32767 : v < -32768 ? -32768 : Math.round(v);
  }
  return out;
}
