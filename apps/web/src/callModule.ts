/**
 * Everything a call needs (livekit-client, the components library, the call UI) behind one
 * dynamic import, so the start screen stays small and loads fast.
 */
export { CallView } from './components/CallView';
export { startSession } from './session/startSession';
export type { CallSession } from './session/startSession';
