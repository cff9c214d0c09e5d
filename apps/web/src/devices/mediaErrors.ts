/**
 * getUserMedia failures in words a person can act on. Kept free of livekit-client so the start
 * screen's microphone check can use it without loading the call code.
 */
export function describeMediaError(error: unknown, device: 'microphone' | 'camera'): string {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return `${capitalise(device)} permission was denied. Allow ${device} access for this page in the browser (the icon next to the address) and try again.`;
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return `No ${device} was found. Connect one (or pick another in the list) and try again.`;
    case 'NotReadableError':
    case 'TrackStartError':
      return `The ${device} could not be opened; another application may be using it.`;
    default:
      return `Could not open the ${device}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
