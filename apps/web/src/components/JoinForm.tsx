import { useId, useState, type FormEvent } from 'react';
import { displayNameSchema, roomNameSchema } from '@parley/protocol';
import type { AudioProcessingOptions, DeviceChoice } from '../config';
import { useDeviceList } from '../devices/useDeviceList';
import { DevicePickers } from './DevicePickers';
import { MicCheck } from './MicCheck';

export interface JoinValues {
  room: string;
  name: string;
  audio: AudioProcessingOptions;
  devices: DeviceChoice;
}

interface JoinFormProps {
  initial: JoinValues;
  busy: boolean;
  onSubmit: (values: JoinValues) => void;
  /** Shown above the button: client-side validation problems are reported through here too. */
  onInvalid: (message: string) => void;
}

const AUDIO_LABELS: Record<keyof AudioProcessingOptions, string> = {
  echoCancellation: 'Echo cancellation',
  noiseSuppression: 'Noise suppression',
  autoGainControl: 'Automatic gain control',
};

export function JoinForm({ initial, busy, onSubmit, onInvalid }: JoinFormProps) {
  const [room, setRoom] = useState(initial.room);
  const [name, setName] = useState(initial.name);
  const [audio, setAudio] = useState<AudioProcessingOptions>(initial.audio);
  const [devices, setDevices] = useState<DeviceChoice>(initial.devices);
  const { devices: available, refresh } = useDeviceList();
  const roomId = useId();
  const nameId = useId();

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const roomResult = roomNameSchema.safeParse(room.trim());
    if (!roomResult.success) {
      onInvalid(roomResult.error.issues[0]?.message ?? 'The room name is not valid.');
      return;
    }
    const trimmedName = name.trim();
    if (trimmedName) {
      const nameResult = displayNameSchema.safeParse(trimmedName);
      if (!nameResult.success) {
        onInvalid(nameResult.error.issues[0]?.message ?? 'The display name is not valid.');
        return;
      }
    }
    onSubmit({ room: roomResult.data, name: trimmedName, audio, devices });
  };

  return (
    <form className="join-form" onSubmit={handleSubmit} noValidate>
      <label htmlFor={roomId}>Room</label>
      <input
        id={roomId}
        data-testid="room-input"
        value={room}
        onChange={(e) => setRoom(e.target.value)}
        autoComplete="off"
        spellCheck={false}
        maxLength={64}
        disabled={busy}
        required
      />

      <label htmlFor={nameId}>Your name</label>
      <input
        id={nameId}
        data-testid="name-input"
        value={name}
        onChange={(e) => setName(e.target.value)}
        placeholder="Optional"
        autoComplete="nickname"
        maxLength={80}
        disabled={busy}
      />

      <DevicePickers devices={available} choice={devices} disabled={busy} onChange={setDevices} />

      <MicCheck deviceId={devices.audioInputId} audio={audio} disabled={busy} onOpened={refresh} onError={onInvalid} />

      <details className="audio-options">
        <summary>Microphone processing</summary>
        {(Object.keys(AUDIO_LABELS) as (keyof AudioProcessingOptions)[]).map((key) => (
          <label key={key} className="checkbox">
            <input
              type="checkbox"
              data-testid={`audio-${key}`}
              checked={audio[key]}
              disabled={busy}
              onChange={(e) => setAudio((prev) => ({ ...prev, [key]: e.target.checked }))}
            />
            {AUDIO_LABELS[key]}
          </label>
        ))}
      </details>

      <button type="submit" className="primary" data-testid="join-button" disabled={busy}>
        {busy ? 'Connecting…' : 'Start conversation'}
      </button>
    </form>
  );
}
