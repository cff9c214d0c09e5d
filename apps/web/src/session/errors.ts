import { ConnectionError, ConnectionErrorReason, MediaDeviceFailure } from 'livekit-client';
import { ApiRequestError } from '../api/client';
import { apiErrorText, errorText, SessionError } from './SessionError';

export function microphoneError(error: unknown): SessionError {
  if (!window.isSecureContext) {
    return new SessionError(
      'microphone',
      'The microphone is only available on a secure page. Open Parley over https:// or http://localhost.',
      { cause: error },
    );
  }
  switch (MediaDeviceFailure.getFailure(error)) {
    case MediaDeviceFailure.PermissionDenied:
      return new SessionError(
        'microphone',
        'Microphone permission was denied. Allow microphone access for this page in the browser and try again.',
        { cause: error },
      );
    case MediaDeviceFailure.NotFound:
      return new SessionError('microphone', 'No microphone was found. Connect one and try again.', { cause: error });
    case MediaDeviceFailure.DeviceInUse:
      return new SessionError(
        'microphone',
        'The microphone could not be opened; another application may be using it.',
        { cause: error },
      );
    default:
      return new SessionError('microphone', `Could not open the microphone: ${errorText(error)}`, { cause: error });
  }
}

export function tokenError(error: unknown): SessionError {
  if (error instanceof ApiRequestError) {
    return new SessionError('token', apiErrorText(error), { cause: error });
  }
  return new SessionError('token', `Could not get an access token: ${errorText(error)}`, { cause: error });
}

export function connectError(error: unknown, serverUrl: string): SessionError {
  if (error instanceof ConnectionError && error.reason === ConnectionErrorReason.NotAllowed) {
    return new SessionError(
      'connect',
      'The media server rejected the access token (it may have expired). Start the conversation again to get a fresh one.',
      { cause: error },
    );
  }
  if (error instanceof ConnectionError && error.reason === ConnectionErrorReason.ServerUnreachable) {
    return new SessionError('connect', `The media server at ${serverUrl} is not reachable. Is LiveKit running?`, { cause: error });
  }
  const detail = error instanceof ConnectionError ? `${error.message} (${error.reasonName})` : errorText(error);
  return new SessionError('connect', `Could not connect to the LiveKit server at ${serverUrl}: ${detail}`, {
    cause: error,
  });
}

export function publishError(error: unknown): SessionError {
  return new SessionError('publish', `Connected, but the microphone could not be published: ${errorText(error)}`, {
    cause: error,
  });
}
