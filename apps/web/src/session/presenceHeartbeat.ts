import { ConnectionState, type Room } from 'livekit-client';
import { PRESENCE_INTERVAL_MS, TOPIC_PRESENCE } from '@parley/protocol';

const BEAT = new Uint8Array([1]);

/**
 * Tells the agent, once a second, that this page is still here (see TOPIC_PRESENCE): when the
 * beats stop, the agent frees its slot within seconds instead of waiting for LiveKit's timeout.
 * Lossy and one byte: a lost beat costs nothing, and the agent allows several.
 */
export function startPresenceHeartbeat(room: Room, intervalMs = PRESENCE_INTERVAL_MS): () => void {
  const beat = (): void => {
    if (room.state !== ConnectionState.Connected) return;
    room.localParticipant.publishData(BEAT, { reliable: false, topic: TOPIC_PRESENCE }).catch(() => {
      // The link is down; the reconnect logic reports that, and the next beat tries again.
    });
  };
  beat();
  const timer = setInterval(beat, intervalMs);
  return () => clearInterval(timer);
}
