import { useAudioPlayback } from '@livekit/components-react';

/** Browsers may block audio until the page is clicked; offer that click when they do. */
export function AudioPlaybackGate() {
  const { canPlayAudio, startAudio } = useAudioPlayback();
  if (canPlayAudio) return null;
  return (
    <div className="playback-gate" role="status">
      <span>Your browser blocked the agent's audio.</span>
      <button type="button" className="primary" data-testid="start-audio-button" onClick={() => void startAudio()}>
        Enable audio
      </button>
    </div>
  );
}
