import { useCallback, useEffect, useState } from 'react';

export interface DeviceLists {
  audioinput: MediaDeviceInfo[];
  videoinput: MediaDeviceInfo[];
  audiooutput: MediaDeviceInfo[];
}

const EMPTY: DeviceLists = { audioinput: [], videoinput: [], audiooutput: [] };

/**
 * The browser's media devices, refreshed on `devicechange` and on demand (labels only appear
 * once the page holds a media permission, so callers refresh after opening the microphone).
 */
export function useDeviceList(): { devices: DeviceLists; refresh: () => void } {
  const [devices, setDevices] = useState<DeviceLists>(EMPTY);

  const refresh = useCallback(() => {
    if (!navigator.mediaDevices?.enumerateDevices) return;
    navigator.mediaDevices
      .enumerateDevices()
      .then((all) => {
        const next: DeviceLists = { audioinput: [], videoinput: [], audiooutput: [] };
        for (const device of all) {
          // Without permission Chromium lists one entry per kind with an empty id; it is not selectable.
          if (device.deviceId) next[device.kind].push(device);
        }
        setDevices(next);
      })
      .catch((error: unknown) => console.warn('[parley] could not list media devices', error));
  }, []);

  useEffect(() => {
    refresh();
    const media = navigator.mediaDevices;
    if (!media) return;
    media.addEventListener('devicechange', refresh);
    return () => media.removeEventListener('devicechange', refresh);
  }, [refresh]);

  return { devices, refresh };
}

/** Whether this browser can route audio output to a chosen device. */
export function canSelectSpeaker(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
}
