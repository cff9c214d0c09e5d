import { AgentDispatchClient, RoomServiceClient } from 'livekit-server-sdk';

export interface DispatchResult {
  dispatchId: string;
  /** false when a live dispatch for the agent already existed in the room and was reused. */
  created: boolean;
}

/** Puts an agent into a room. Production talks to LiveKit; tests substitute a fake. */
export interface AgentDispatcher {
  ensureDispatched(room: string, agentName: string): Promise<DispatchResult>;
}

/** Minimal slice of AgentDispatchClient that the dispatcher uses (lets tests fake LiveKit). */
export interface DispatchApi {
  /** LiveKit routes dispatch listing to the node hosting the room, so only ask about rooms that exist. */
  roomExists(room: string): Promise<boolean>;
  listDispatch(room: string): Promise<ExistingDispatch[]>;
  createDispatch(room: string, agentName: string): Promise<{ id: string }>;
}

export interface ExistingDispatch {
  id: string;
  agentName: string;
  state?: { deletedAt: bigint; jobs: { state?: { status: number } | undefined }[] } | undefined;
}

// livekit.JobStatus values; the enum itself is not re-exported by livekit-server-sdk.
const JOB_PENDING = 0;
const JOB_RUNNING = 1;

/** A dispatch still counts while it is not deleted and its job has not finished (or not been assigned yet). */
function isLive(dispatch: ExistingDispatch): boolean {
  const state = dispatch.state;
  if (state === undefined) return true;
  if (state.deletedAt > 0n) return false;
  if (state.jobs.length === 0) return true;
  return state.jobs.some((job) => {
    const status = job.state?.status ?? JOB_PENDING;
    return status === JOB_PENDING || status === JOB_RUNNING;
  });
}

/**
 * Explicit, idempotent dispatch: reuse a live dispatch of the agent in the room, otherwise create one.
 * Calls for the same room are serialised so a double-clicked "join" cannot start two agents.
 */
export function createAgentDispatcher(api: DispatchApi): AgentDispatcher {
  const inFlight = new Map<string, Promise<DispatchResult>>();

  async function dispatch(room: string, agentName: string): Promise<DispatchResult> {
    if (await api.roomExists(room)) {
      const existing = (await api.listDispatch(room)).find((d) => d.agentName === agentName && isLive(d));
      if (existing !== undefined) return { dispatchId: existing.id, created: false };
    }
    // Creating a dispatch also creates the room when it does not exist yet.
    const created = await api.createDispatch(room, agentName);
    return { dispatchId: created.id, created: true };
  }

  return {
    ensureDispatched(room, agentName) {
      const key = `${room}\u0000${agentName}`;
      const previous = inFlight.get(key) ?? Promise.resolve(undefined);
      const next = previous
        .catch(() => undefined)
        .then(() => dispatch(room, agentName));
      inFlight.set(key, next);
      const cleanup = () => {
        if (inFlight.get(key) === next) inFlight.delete(key);
      };
      next.then(cleanup, cleanup);
      return next;
    },
  };
}

export function liveKitDispatchApi(url: string, apiKey: string, apiSecret: string, timeoutSeconds: number): DispatchApi {
  const options = { requestTimeout: timeoutSeconds };
  const client = new AgentDispatchClient(url, apiKey, apiSecret, options);
  const rooms = new RoomServiceClient(url, apiKey, apiSecret, options);
  return {
    roomExists: async (room) => (await rooms.listRooms([room])).some((r) => r.name === room),
    listDispatch: (room) => client.listDispatch(room),
    createDispatch: (room, agentName) => client.createDispatch(room, agentName),
  };
}
