/** How often the sampler looks at a track, by what is going on. */
export interface SamplingPolicy {
  /** While the user speaks or the image changed recently: about 1 fps. */
  activeIntervalMs: number;
  /** Otherwise: about 0.3 fps. */
  idleIntervalMs: number;
  /** A change keeps the sampler active this long afterwards. */
  changeHoldMs: number;
  /** Read the screen again after this long even when no change was detected (small edits). */
  refreshAfterMs: number;
}

export const DEFAULT_SAMPLING_POLICY: SamplingPolicy = {
  activeIntervalMs: 1000,
  idleIntervalMs: 3300,
  changeHoldMs: 5000,
  refreshAfterMs: 30_000,
};

export interface SamplingState {
  now: number;
  userSpeaking: boolean;
  /** When the image last changed, 0 if never. */
  lastChangeAt: number;
}

/** Delay until the next sample. */
export function nextSampleDelayMs(state: SamplingState, policy: SamplingPolicy = DEFAULT_SAMPLING_POLICY): number {
  const recentlyChanged = state.lastChangeAt > 0 && state.now - state.lastChangeAt < policy.changeHoldMs;
  return state.userSpeaking || recentlyChanged ? policy.activeIntervalMs : policy.idleIntervalMs;
}
