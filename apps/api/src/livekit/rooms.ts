import { ATTRIBUTE_AGENT_STATE, type RoomParticipantInfo, type RoomTrackInfo } from '@parley/protocol';
import { type ParticipantInfo, RoomServiceClient, TrackSource, TrackType } from 'livekit-server-sdk';

/** What the API needs from LiveKit's room service. Tests substitute a fake. */
export interface RoomGateway {
  /** Creates the room in LiveKit; an existing room is left as it is. */
  ensureRoom(name: string): Promise<void>;
  status(name: string): Promise<{ live: boolean; participants: RoomParticipantInfo[] }>;
  /** Disconnects every agent participant; returns how many were removed. */
  removeAgents(name: string): Promise<number>;
}

// livekit.ParticipantInfo.Kind.AGENT; the enum is not re-exported by livekit-server-sdk.
const PARTICIPANT_KIND_AGENT = 4;
const PARTICIPANT_KIND_STANDARD = 0;
/** Rooms made through the API wait this long for someone to join before LiveKit closes them. */
const EMPTY_ROOM_TIMEOUT_S = 300;

const TRACK_KINDS: Record<number, RoomTrackInfo['kind']> = { [TrackType.AUDIO]: 'audio', [TrackType.VIDEO]: 'video', [TrackType.DATA]: 'data' };
const TRACK_SOURCES: Record<number, RoomTrackInfo['source']> = {
  [TrackSource.MICROPHONE]: 'microphone',
  [TrackSource.CAMERA]: 'camera',
  [TrackSource.SCREEN_SHARE]: 'screen_share',
  [TrackSource.SCREEN_SHARE_AUDIO]: 'screen_share_audio',
};

export function describeParticipant(participant: ParticipantInfo): RoomParticipantInfo {
  const agent = participant.kind === PARTICIPANT_KIND_AGENT;
  return {
    identity: participant.identity,
    name: participant.name,
    kind: agent ? 'agent' : participant.kind === PARTICIPANT_KIND_STANDARD ? 'user' : 'other',
    agentState: agent ? (participant.attributes[ATTRIBUTE_AGENT_STATE] ?? null) : null,
    tracks: participant.tracks.map((track) => ({
      sid: track.sid,
      kind: TRACK_KINDS[track.type] ?? 'unknown',
      source: TRACK_SOURCES[track.source] ?? 'unknown',
      muted: track.muted,
    })),
  };
}

export function isAgentParticipant(participant: Pick<ParticipantInfo, 'kind'>): boolean {
  return participant.kind === PARTICIPANT_KIND_AGENT;
}

export function liveKitRoomGateway(url: string, apiKey: string, apiSecret: string, timeoutSeconds: number): RoomGateway {
  const client = new RoomServiceClient(url, apiKey, apiSecret, { requestTimeout: timeoutSeconds });
  const exists = async (name: string): Promise<boolean> => (await client.listRooms([name])).some((room) => room.name === name);
  return {
    async ensureRoom(name) {
      await client.createRoom({ name, emptyTimeout: EMPTY_ROOM_TIMEOUT_S });
    },
    async status(name) {
      if (!(await exists(name))) return { live: false, participants: [] };
      return { live: true, participants: (await client.listParticipants(name)).map(describeParticipant) };
    },
    async removeAgents(name) {
      if (!(await exists(name))) return 0;
      const agents = (await client.listParticipants(name)).filter(isAgentParticipant);
      await Promise.all(agents.map((agent) => client.removeParticipant(name, agent.identity)));
      return agents.length;
    },
  };
}
