import { ConnectionState, ParticipantKind, RoomEvent, type Participant, type RemoteParticipant } from '@livekit/rtc-node';
import { TOPIC_PRESENCE } from '@parley/protocol';

type DataListener = (payload: Uint8Array, participant?: RemoteParticipant, kind?: unknown, topic?: string) => void;

/** The part of a LiveKit room the watcher listens to (a Room in production, a stub in tests). */
export interface RoomEvents {
  on(event: RoomEvent.DataReceived, listener: DataListener): unknown;
  on(event: RoomEvent.ParticipantDisconnected, listener: (participant: RemoteParticipant) => void): unknown;
  off(event: RoomEvent.DataReceived, listener: DataListener): unknown;
  off(event: RoomEvent.ParticipantDisconnected, listener: (participant: RemoteParticipant) => void): unknown;
  readonly remoteParticipants: ReadonlyMap<string, Participant>;
  /**
   * The agent's own link to LiveKit. While it is anything but connected (a LiveKit restart, the
   * agent's node dying in a cluster) nobody's silence or departure counts: the SDK empties the room
   * while it reconnects, though the people are still there.
   */
  readonly connectionState: ConnectionState;
}

/** Whether the agent's own link to LiveKit is up (reconnecting counts as down, unlike the SDK's `isConnected`). */
export const linkUp = (room: Pick<RoomEvents, 'connectionState'>): boolean => room.connectionState === ConnectionState.CONN_CONNECTED;

export type LeaveReason = 'unreachable' | 'everyone-left';

export interface LostUserWatchOptions {
  /** How long every person must have been silent on the presence topic before the agent leaves. */
  lostTimeoutMs: number;
  /** Called once, when the agent should leave; `silentForMs` is the shortest silence among the people present. */
  onLeave: (info: { reason: LeaveReason; silentForMs: number }) => void;
  /** How often silence is checked (default a quarter of the timeout, at most 1 s). */
  checkEveryMs?: number;
  now?: () => number;
  setInterval?: (callback: () => void, ms: number) => { cancel(): void };
}

/** How long a room must stay empty, with the agent connected, before the agent leaves it. */
export const EMPTY_ROOM_GRACE_MS = 1000;

/** Whether a participant is a person (not an agent, egress or ingress). */
export const isPerson = (participant: Participant): boolean =>
  participant.kind !== ParticipantKind.AGENT && participant.kind !== ParticipantKind.EGRESS && participant.kind !== ParticipantKind.INGRESS;

/**
 * Frees the conversation's slot as soon as its people are gone. A browser that vanishes without
 * leaving (lid closed, tab killed, network down) stays in the room for LiveKit's 20 s connection
 * timeout, and a room whose last person timed out stays open for its departure timeout on top,
 * the agent with it. The web client sends a presence heartbeat (TOPIC_PRESENCE); once every
 * person who has sent one has been silent for `lostTimeoutMs`, or the last person has left for
 * any reason, the agent leaves. People whose client never sent a heartbeat (other SDKs, the
 * bench) count as present until LiveKit says otherwise.
 */
export function watchForLostUsers(room: RoomEvents, options: LostUserWatchOptions): () => void {
  const now = options.now ?? Date.now;
  const every =
    options.setInterval ??
    ((callback: () => void, ms: number) => {
      const handle = setInterval(callback, ms);
      handle.unref?.();
      return { cancel: () => clearInterval(handle) };
    });
  const lastHeard = new Map<string, number>();
  let done = false;

  const leave = (reason: LeaveReason, silentForMs: number): void => {
    if (done) return;
    done = true;
    stop();
    options.onLeave({ reason, silentForMs });
  };

  /** When everyone left, the moment the room was last seen empty (left for good only after the timeout). */
  let emptySince: number | null = null;

  const check = (): void => {
    const at = now();
    if (!linkUp(room)) {
      // The agent's own connection is down: silence during the outage is not the people's, so
      // every clock restarts when it is back.
      for (const identity of lastHeard.keys()) lastHeard.set(identity, at);
      emptySince = null;
      return;
    }
    const people = [...room.remoteParticipants.values()].filter(isPerson);
    if (people.length === 0) {
      // Everyone went while the agent stayed connected: leave once that has lasted a moment (a
      // LiveKit restart also empties the room, but takes the agent's own connection down with it).
      if (emptySince !== null && at - emptySince >= EMPTY_ROOM_GRACE_MS) leave('everyone-left', 0);
      return;
    }
    emptySince = null;
    const silences = people.map((person) => {
      const heard = lastHeard.get(person.identity);
      return heard === undefined ? 0 : now() - heard;
    });
    const shortest = Math.min(...silences);
    if (shortest >= options.lostTimeoutMs) leave('unreachable', shortest);
  };

  const onData: DataListener = (_payload, participant, _kind, topic) => {
    if (topic !== TOPIC_PRESENCE || participant === undefined) return;
    lastHeard.set(participant.identity, now());
  };
  const onDisconnected = (participant: RemoteParticipant): void => {
    lastHeard.delete(participant.identity);
    const stillHere = [...room.remoteParticipants.values()].some((other) => isPerson(other) && other.identity !== participant.identity);
    if (isPerson(participant) && !stillHere && linkUp(room)) emptySince ??= now();
  };

  room.on(RoomEvent.DataReceived, onData);
  room.on(RoomEvent.ParticipantDisconnected, onDisconnected);
  const ticker = every(check, options.checkEveryMs ?? Math.min(1000, Math.max(50, options.lostTimeoutMs / 4)));
  function stop(): void {
    ticker.cancel();
    room.off(RoomEvent.DataReceived, onData);
    room.off(RoomEvent.ParticipantDisconnected, onDisconnected);
  }
  return stop;
}
