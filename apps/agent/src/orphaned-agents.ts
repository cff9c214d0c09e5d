import { RoomServiceClient } from 'livekit-server-sdk';

/**
 * When an agent's job process dies (killed, out of memory, a native crash), its participant stays
 * in the room until LiveKit's own timeout, about 20 s: the person talks to a ghost, and the API,
 * which learns of the loss only from LiveKit's `participant_left` webhook, cannot send a
 * replacement. The worker sees its child die at once, so it removes the ghost itself; LiveKit then
 * sends the webhook straight away and the API dispatches a replacement that carries on.
 */

/** The participant attribute naming the worker that placed an agent (see `AgentConfig.workerId`). */
export const WORKER_ATTRIBUTE = 'parley.worker';

/** An agent participant a worker put in a room. */
export interface PlacedAgent {
  room: string;
  identity: string;
}

/** What the sweeper needs from LiveKit's room service. Tests substitute a fake. */
export interface AgentRemover {
  /** Removes the participant if it is still in the room; true when it was there. */
  removeIfPresent(agent: PlacedAgent): Promise<boolean>;
  /** Every agent participant, in any room, stamped with this worker id. */
  findStamped(workerId: string): Promise<PlacedAgent[]>;
}

interface Logger {
  info(detail: Record<string, unknown>, message: string): void;
  warn(detail: Record<string, unknown>, message: string): void;
}

const PARTICIPANT_KIND_AGENT = 4; // livekit.ParticipantInfo.Kind.AGENT (not re-exported)
const NOT_FOUND = /not.?found|does not exist/i;

export function liveKitAgentRemover(url: string, apiKey: string, apiSecret: string, timeoutSeconds = 5): AgentRemover {
  const client = new RoomServiceClient(url.replace(/^ws/, 'http'), apiKey, apiSecret, { requestTimeout: timeoutSeconds });
  return {
    async removeIfPresent({ room, identity }) {
      try {
        await client.removeParticipant(room, identity);
        return true;
      } catch (error) {
        if (NOT_FOUND.test(String(error))) return false;
        throw error;
      }
    },
    async findStamped(workerId) {
      const found: PlacedAgent[] = [];
      for (const room of await client.listRooms()) {
        for (const participant of await client.listParticipants(room.name)) {
          if (participant.kind === PARTICIPANT_KIND_AGENT && participant.attributes[WORKER_ATTRIBUTE] === workerId) {
            found.push({ room: room.name, identity: participant.identity });
          }
        }
      }
      return found;
    },
  };
}

/** Compares the worker's running jobs between looks; an agent whose job vanished is removed if it lingers. */
export class DeadJobSweeper {
  #previous = new Map<string, PlacedAgent>();
  #sweeping: Promise<void> = Promise.resolve();

  constructor(
    private readonly remover: AgentRemover,
    private readonly log: Logger,
  ) {}

  /**
   * Takes the jobs running now, keyed by job id. A job that ended cleanly has already left its
   * room, so checking it costs one call and removes nothing; only a dead one is still there.
   */
  observe(running: ReadonlyMap<string, PlacedAgent>): Promise<void> {
    const gone = [...this.#previous].filter(([jobId]) => !running.has(jobId)).map(([, agent]) => agent);
    this.#previous = new Map(running);
    if (gone.length === 0) return this.#sweeping;
    this.#sweeping = this.#sweeping.then(() => this.#remove(gone, 'job process ended'));
    return this.#sweeping;
  }

  /** At start-up: agents this worker's previous run left behind (it crashed with them); `running` are this run's. */
  sweepPreviousRun(workerId: string, running: ReadonlyMap<string, PlacedAgent>): Promise<void> {
    this.#sweeping = this.#sweeping.then(async () => {
      let stamped: PlacedAgent[];
      try {
        stamped = await this.remover.findStamped(workerId);
      } catch (error) {
        this.log.warn({ error: String(error) }, 'could not look for agents left by a previous run of this worker');
        return;
      }
      // Identities carry the job id, so they are unique across rooms.
      const ours = new Set([...running.values()].map((agent) => agent.identity));
      await this.#remove(
        stamped.filter((agent) => !ours.has(agent.identity)),
        'left by a previous run of this worker',
      );
    });
    return this.#sweeping;
  }

  async #remove(agents: readonly PlacedAgent[], why: string): Promise<void> {
    await Promise.all(
      agents.map(async (agent) => {
        try {
          if (await this.remover.removeIfPresent(agent)) this.log.info({ room: agent.room, identity: agent.identity, why }, 'removed an agent whose job is gone');
        } catch (error) {
          this.log.warn({ room: agent.room, identity: agent.identity, error: String(error) }, 'could not remove an agent whose job is gone');
        }
      }),
    );
  }
}

/** The part of the framework's worker the sweeper reads. */
export interface WorkerWithRunningJobs {
  readonly activeJobs: readonly { job: { id: string; room?: { name: string } | undefined }; acceptArguments: { identity: string }; fakeJob?: boolean }[];
}

export function runningAgents(worker: WorkerWithRunningJobs): Map<string, PlacedAgent> {
  const agents = new Map<string, PlacedAgent>();
  for (const running of worker.activeJobs) {
    const room = running.job.room?.name;
    if (running.fakeJob === true || room === undefined || room === '') continue;
    agents.set(running.job.id, { room, identity: running.acceptArguments.identity });
  }
  return agents;
}

/**
 * Clears what a previous run of this worker left as soon as this run is registered with LiveKit
 * (its health endpoint answers 200), so the replacements it causes find a worker to take them.
 * Agents this run has already accepted are kept.
 */
export async function sweepPreviousRunOnceRegistered(options: {
  healthUrl: string;
  sweeper: DeadJobSweeper;
  workerId: string;
  acceptedThisRun: () => ReadonlySet<string>;
  pollMs?: number;
  /** LiveKit counts the worker a moment after its socket opens (the health check's signal). */
  settleMs?: number;
}): Promise<void> {
  const { healthUrl, sweeper, workerId, acceptedThisRun, pollMs = 100, settleMs = 300 } = options;
  for (;;) {
    const healthy = await fetch(healthUrl, { signal: AbortSignal.timeout(1_000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) break;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  const running = new Map([...acceptedThisRun()].map((identity) => [identity, { room: '', identity }]));
  await sweeper.sweepPreviousRun(workerId, running);
}
