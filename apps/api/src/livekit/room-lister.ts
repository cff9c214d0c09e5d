import { RoomServiceClient } from 'livekit-server-sdk';

/** What reconciliation needs from LiveKit's room service. Tests substitute a fake. */
export interface RoomLister {
  /** Names of the rooms LiveKit hosts now; only those among `names` when given. */
  listRooms(names?: string[]): Promise<string[]>;
  /** Identities of the participants in a room (empty when the room is gone). */
  listParticipants(room: string): Promise<string[]>;
}

export function liveKitRoomLister(url: string, apiKey: string, apiSecret: string, timeoutSeconds: number): RoomLister {
  const client = new RoomServiceClient(url, apiKey, apiSecret, { requestTimeout: timeoutSeconds });
  return {
    async listRooms(names) {
      return (await client.listRooms(names)).map((room) => room.name);
    },
    async listParticipants(room) {
      return (await client.listParticipants(room)).map((participant) => participant.identity);
    },
  };
}
