// Type-only: this module loads with the start screen, before livekit-client is needed.
import type { RemoteParticipant, Room } from 'livekit-client';

/**
 * Read-only hooks for automated tests and for debugging from the console:
 *
 *   await window.parleyDiagnostics.agentAudioEnergy()
 *
 * returns the summed `totalAudioEnergy` of the WebRTC inbound-rtp stats of every subscribed
 * audio track published by an agent participant. Chromium only accumulates that counter while
 * the decoded audio is actually being pulled by a sink (our <audio> element), so a value > 0
 * proves the agent's voice reached this page and was played. 0 when not in a call.
 */
export interface ParleyDiagnostics {
  agentAudioEnergy(): Promise<number>;
}

declare global {
  interface Window {
    readonly parleyDiagnostics: ParleyDiagnostics;
  }
}

let currentRoom: Room | undefined;

/** Called by the session when a call starts (room) and ends (undefined). */
export function setDiagnosticsRoom(room: Room | undefined): void {
  currentRoom = room;
}

function agentParticipants(room: Room): RemoteParticipant[] {
  return [...room.remoteParticipants.values()].filter((p) => p.isAgent);
}

async function agentAudioEnergy(): Promise<number> {
  const room = currentRoom;
  if (!room) return 0;
  let total = 0;
  for (const participant of agentParticipants(room)) {
    for (const publication of participant.audioTrackPublications.values()) {
      const track = publication.track;
      if (!publication.isSubscribed || !track) continue;
      const report = await track.getRTCStatsReport();
      report?.forEach((stat: { type?: string; kind?: string; totalAudioEnergy?: number }) => {
        if (stat.type === 'inbound-rtp' && (stat.kind ?? 'audio') === 'audio' && typeof stat.totalAudioEnergy === 'number') {
          total += stat.totalAudioEnergy;
        }
      });
    }
  }
  return total;
}

export function installDiagnostics(): void {
  if ('parleyDiagnostics' in window) return;
  const diagnostics: ParleyDiagnostics = Object.freeze({ agentAudioEnergy });
  Object.defineProperty(window, 'parleyDiagnostics', {
    value: diagnostics,
    writable: false,
    enumerable: false,
    configurable: false,
  });
}
