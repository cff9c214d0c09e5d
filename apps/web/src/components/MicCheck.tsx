import { useEffect, useRef, useState } from 'react';
import type { AudioProcessingOptions } from '../config';
import { watchLevel } from '../devices/levelMeter';
import { describeMediaError } from '../devices/mediaErrors';
import { LevelMeter } from './LevelMeter';

interface MicCheckProps {
  deviceId: string;
  audio: AudioProcessingOptions;
  disabled: boolean;
  /** Called once the microphone opened: device names are now visible to the page. */
  onOpened: () => void;
  onError: (message: string) => void;
}

/** "Test microphone": opens the chosen microphone and shows its live level before joining. */
export function MicCheck({ deviceId, audio, disabled, onOpened, onError }: MicCheckProps) {
  const [active, setActive] = useState(false);
  const [level, setLevel] = useState(0);
  const [peak, setPeak] = useState(0);
  const stopRef = useRef<(() => void) | null>(null);

  const stop = () => {
    stopRef.current?.();
    stopRef.current = null;
    setActive(false);
    setLevel(0);
  };

  useEffect(() => {
    if (!active) return;
    let cancelled = false;
    navigator.mediaDevices
      .getUserMedia({ audio: { ...audio, ...(deviceId ? { deviceId: { exact: deviceId } } : {}) } })
      .then((stream) => {
        if (cancelled) {
          stream.getTracks().forEach((track) => track.stop());
          return;
        }
        const stopWatching = watchLevel(stream, (value) => {
          setLevel(value);
          setPeak((previous) => Math.max(previous * 0.97, value));
        });
        stopRef.current = () => {
          stopWatching();
          stream.getTracks().forEach((track) => track.stop());
        };
        onOpened();
      })
      .catch((error: unknown) => {
        if (cancelled) return;
        setActive(false);
        onError(describeMediaError(error, 'microphone'));
      });
    return () => {
      cancelled = true;
      stopRef.current?.();
      stopRef.current = null;
    };
    // Re-open when the device or processing changes while testing.
  }, [active, deviceId, audio, onOpened, onError]);

  // Joining opens the microphone again; release this one first.
  useEffect(() => {
    if (disabled && active) stop();
  }, [disabled, active]);

  return (
    <div className="mic-check">
      <button
        type="button"
        className="secondary"
        data-testid="mic-check-button"
        aria-pressed={active}
        disabled={disabled}
        onClick={() => (active ? stop() : setActive(true))}
      >
        {active ? 'Stop microphone test' : 'Test microphone'}
      </button>
      <LevelMeter level={active ? Math.max(level, peak * 0.6) : 0} label="Microphone level" testId="mic-level" />
      <span className="mic-check-hint" aria-live="polite">
        {active ? (peak > 0.15 ? 'We can hear you.' : 'Say something…') : 'Check that the bar moves when you speak.'}
      </span>
    </div>
  );
}
