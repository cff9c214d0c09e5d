import { useState } from 'react';
import { useLocalParticipant } from '@livekit/components-react';
import { describeMediaError } from '../devices/mediaErrors';

interface ToggleButtonProps {
  testId: string;
  on: boolean;
  onLabel: string;
  offLabel: string;
  /** Icon-free label text stays short so the bar fits a phone. */
  run: (enable: boolean) => Promise<unknown>;
  describeFailure: (error: unknown, enabling: boolean) => string;
  onError: (message: string) => void;
}

function ToggleButton({ testId, on, onLabel, offLabel, run, describeFailure, onError }: ToggleButtonProps) {
  const [pending, setPending] = useState(false);
  const toggle = async () => {
    setPending(true);
    try {
      await run(!on);
    } catch (error) {
      onError(describeFailure(error, !on));
    } finally {
      setPending(false);
    }
  };
  return (
    <button
      type="button"
      className={on ? 'secondary toggled' : 'secondary'}
      data-testid={testId}
      aria-pressed={on}
      disabled={pending}
      onClick={() => void toggle()}
    >
      {on ? onLabel : offLabel}
    </button>
  );
}

interface MediaTogglesProps {
  onError: (message: string) => void;
  /** Offer the current tab first when sharing (browser tests; `?sharetab=1`). */
  shareCurrentTab: boolean;
  onMicrophoneWanted: (wanted: boolean) => void;
}

function isUserCancel(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'NotAllowedError';
}

/** Microphone, camera and screen-share switches for the local participant. */
export function MediaToggles({ onError, shareCurrentTab, onMicrophoneWanted }: MediaTogglesProps) {
  const { localParticipant, isMicrophoneEnabled, isCameraEnabled, isScreenShareEnabled } = useLocalParticipant();
  return (
    <>
      <ToggleButton
        testId="mute-button"
        on={!isMicrophoneEnabled}
        onLabel="Unmute"
        offLabel="Mute"
        run={async (mute) => {
          onMicrophoneWanted(!mute);
          await localParticipant.setMicrophoneEnabled(!mute);
        }}
        describeFailure={(error, muting) => (muting ? `Could not mute the microphone: ${String(error)}` : describeMediaError(error, 'microphone'))}
        onError={onError}
      />
      <ToggleButton
        testId="camera-button"
        on={isCameraEnabled}
        onLabel="Stop camera"
        offLabel="Camera"
        run={(enable) => localParticipant.setCameraEnabled(enable)}
        describeFailure={(error) => describeMediaError(error, 'camera')}
        onError={onError}
      />
      <ToggleButton
        testId="screen-share-button"
        on={isScreenShareEnabled}
        onLabel="Stop sharing"
        offLabel="Share screen"
        run={(enable) =>
          localParticipant.setScreenShareEnabled(enable, { audio: false, ...(shareCurrentTab ? { preferCurrentTab: true } : {}) })
        }
        describeFailure={(error) =>
          isUserCancel(error) ? 'Screen sharing was cancelled or not allowed.' : `Could not share the screen: ${String(error)}`
        }
        onError={onError}
      />
    </>
  );
}
