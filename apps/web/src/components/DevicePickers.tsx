import { useId } from 'react';
import type { DeviceChoice } from '../config';
import { canSelectSpeaker, type DeviceLists } from '../devices/useDeviceList';

interface DevicePickersProps {
  devices: DeviceLists;
  choice: DeviceChoice;
  disabled: boolean;
  onChange: (choice: DeviceChoice) => void;
}

interface PickerProps {
  label: string;
  testId: string;
  value: string;
  options: MediaDeviceInfo[];
  fallbackLabel: string;
  disabled: boolean;
  onChange: (deviceId: string) => void;
}

function Picker({ label, testId, value, options, fallbackLabel, disabled, onChange }: PickerProps) {
  const id = useId();
  return (
    <div className="picker">
      <label htmlFor={id}>{label}</label>
      <select id={id} data-testid={testId} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
        <option value="">System default</option>
        {options.map((device, index) => (
          <option key={device.deviceId} value={device.deviceId}>
            {device.label || `${fallbackLabel} ${index + 1}`}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Microphone, camera and speaker selection; names appear once the page may use the microphone. */
export function DevicePickers({ devices, choice, disabled, onChange }: DevicePickersProps) {
  return (
    <fieldset className="device-pickers">
      <legend>Devices</legend>
      <Picker
        label="Microphone"
        testId="mic-select"
        value={choice.audioInputId}
        options={devices.audioinput}
        fallbackLabel="Microphone"
        disabled={disabled}
        onChange={(audioInputId) => onChange({ ...choice, audioInputId })}
      />
      <Picker
        label="Camera"
        testId="camera-select"
        value={choice.videoInputId}
        options={devices.videoinput}
        fallbackLabel="Camera"
        disabled={disabled}
        onChange={(videoInputId) => onChange({ ...choice, videoInputId })}
      />
      {canSelectSpeaker() && (
        <Picker
          label="Speaker"
          testId="speaker-select"
          value={choice.audioOutputId}
          options={devices.audiooutput}
          fallbackLabel="Speaker"
          disabled={disabled}
          onChange={(audioOutputId) => onChange({ ...choice, audioOutputId })}
        />
      )}
    </fieldset>
  );
}
