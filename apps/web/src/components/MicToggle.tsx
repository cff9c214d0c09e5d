import { useState } from 'react';
import { useLocalParticipant } from '@livekit/components-react';

interface MicToggleProps {
  onError: (message: string) => void;
}

/** Mutes/unmutes the published microphone track (the track stays published while muted). */
export function MicToggle({ onError }: MicToggleProps) {
  const { localParticipant, isMicrophoneEnabled } = useLocalParticipant();
  const [pending, setPending] = useState(false);

  const toggle = async () => {
    setPending(true);
    try {
      await localParticipant.setMicrophoneEnabled(!isMicrophoneEnabled);
    } catch (error) {
      onError(`Could not ${isMicrophoneEnabled ? 'mute' : 'unmute'} the microphone: ${String(error)}`);
    } finally {
      setPending(false);
    }
  };

  return (
    <button
      type="button"
      className="secondary"
      data-testid="mute-button"
      aria-pressed={!isMicrophoneEnabled}
      disabled={pending}
      onClick={() => void toggle()}
    >
      {isMicrophoneEnabled ? 'Mute' : 'Unmute'}
    </button>
  );
}
