/** RMS of time-domain samples in [-1, 1], mapped to a 0..1 level with a perceptual (dB) scale. */
export function levelFromSamples(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  const rms = Math.sqrt(sum / samples.length);
  if (rms <= 0) return 0;
  const db = 20 * Math.log10(rms);
  // -60 dBFS (near silence) → 0, 0 dBFS (full scale) → 1.
  return Math.min(1, Math.max(0, (db + 60) / 60));
}

/**
 * Follows a MediaStream's loudness with an AnalyserNode and reports it about 20 times a second.
 * Returns a function that stops it.
 */
export function watchLevel(stream: MediaStream, onLevel: (level: number) => void): () => void {
  const context = new AudioContext();
  const source = context.createMediaStreamSource(stream);
  const analyser = context.createAnalyser();
  analyser.fftSize = 1024;
  source.connect(analyser);
  const buffer = new Float32Array(analyser.fftSize);
  const timer = window.setInterval(() => {
    analyser.getFloatTimeDomainData(buffer);
    onLevel(levelFromSamples(buffer));
  }, 50);
  // A context created outside a user gesture may start suspended.
  void context.resume().catch(() => undefined);
  return () => {
    window.clearInterval(timer);
    source.disconnect();
    void context.close().catch(() => undefined);
  };
}
