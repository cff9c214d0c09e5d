/**
 * Start-up settings read from the page URL. Everything here is optional:
 *   ?room=NAME   pre-fills the room name (otherwise a random `room-xxxx`)
 *   ?name=NAME   pre-fills the display name
 *   ?aec=0       disables browser audio processing (echo cancellation, noise suppression,
 *                auto gain) so that a fake microphone reaches the server unchanged
 *   ?ns=0|1, ?agc=0|1  override noise suppression / auto gain individually
 *   ?sharetab=1  screen share offers this tab first (`preferCurrentTab`; used by browser tests)
 *   ?agentwait=SECONDS  how long to wait for the agent before saying it is unavailable (default 20)
 */

export interface AudioProcessingOptions {
  echoCancellation: boolean;
  noiseSuppression: boolean;
  autoGainControl: boolean;
}

/** Devices picked on the start screen; an empty id means the browser default. */
export interface DeviceChoice {
  audioInputId: string;
  videoInputId: string;
  audioOutputId: string;
}

export const DEFAULT_DEVICES: DeviceChoice = { audioInputId: '', videoInputId: '', audioOutputId: '' };

export interface LaunchConfig {
  room: string;
  name: string;
  audio: AudioProcessingOptions;
  /** Ask the browser to offer the current tab first when sharing the screen. */
  screenShareCurrentTab: boolean;
  /** No agent in the room after this long means the agent is unavailable. */
  agentWaitMs: number;
}

const DEFAULT_AGENT_WAIT_MS = 20_000;

function seconds(value: string | null, fallbackMs: number): number {
  const parsed = value === null ? Number.NaN : Number(value);
  return Number.isFinite(parsed) && parsed > 0 ? Math.min(parsed, 600) * 1000 : fallbackMs;
}

const NAME_STORAGE_KEY = 'parley.displayName';

function randomSuffix(length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

export function randomRoomName(): string {
  return `room-${randomSuffix(4)}`;
}

/** A fresh identity per page load, so two tabs never collide in the same room. */
export function randomIdentity(): string {
  return `user-${randomSuffix(8)}`;
}

function flag(value: string | null, fallback: boolean): boolean {
  if (value === null) return fallback;
  return !['0', 'false', 'off', 'no'].includes(value.trim().toLowerCase());
}

export function readLaunchConfig(search: string = window.location.search): LaunchConfig {
  const params = new URLSearchParams(search);
  const processing = flag(params.get('aec'), true);
  return {
    room: params.get('room')?.trim() || randomRoomName(),
    name: params.get('name')?.trim() || loadDisplayName(),
    audio: {
      echoCancellation: processing,
      noiseSuppression: flag(params.get('ns'), processing),
      autoGainControl: flag(params.get('agc'), processing),
    },
    screenShareCurrentTab: flag(params.get('sharetab'), false),
    agentWaitMs: seconds(params.get('agentwait'), DEFAULT_AGENT_WAIT_MS),
  };
}

export function loadDisplayName(): string {
  try {
    return window.localStorage.getItem(NAME_STORAGE_KEY) ?? '';
  } catch {
    return '';
  }
}

export function saveDisplayName(name: string): void {
  try {
    window.localStorage.setItem(NAME_STORAGE_KEY, name);
  } catch {
    // Storage may be unavailable (private mode, disabled cookies); remembering the name is optional.
  }
}
