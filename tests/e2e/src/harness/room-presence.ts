import type { RunningStack } from '@parley/launcher';
import { RoomServiceClient } from 'livekit-server-sdk';

// livekit.ParticipantInfo.Kind.AGENT (the SDK does not re-export the enum).
const PARTICIPANT_KIND_AGENT = 4;

/** Who is in a room as the LiveKit server sees it, not as a participant's own (maybe frozen) view. */
export class RoomPresence {
  readonly #rooms: RoomServiceClient;

  constructor(stack: RunningStack) {
    const { LIVEKIT_API_KEY: key, LIVEKIT_API_SECRET: secret } = stack.env;
    if (!key || !secret) throw new Error('the stack does not expose its LiveKit credentials');
    this.#rooms = new RoomServiceClient(stack.livekitUrl.replace(/^ws/, 'http'), key, secret);
  }

  /** Whether an agent is in `room`, and how many others; a room LiveKit does not know is empty. */
  async of(room: string): Promise<{ agent: boolean; people: number }> {
    const participants = await this.#rooms.listParticipants(room).catch(() => []);
    return {
      agent: participants.some((p) => p.kind === PARTICIPANT_KIND_AGENT),
      people: participants.filter((p) => p.kind !== PARTICIPANT_KIND_AGENT).length,
    };
  }
}
