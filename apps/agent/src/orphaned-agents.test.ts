import { describe, expect, it } from 'vitest';
import { DeadJobSweeper, runningAgents, type AgentRemover, type PlacedAgent } from './orphaned-agents.js';

class FakeRemover implements AgentRemover {
  present: PlacedAgent[] = [];
  stamped = new Map<string, PlacedAgent[]>();
  removed: PlacedAgent[] = [];

  async removeIfPresent(agent: PlacedAgent): Promise<boolean> {
    const index = this.present.findIndex((p) => p.room === agent.room && p.identity === agent.identity);
    if (index === -1) return false;
    this.present.splice(index, 1);
    this.removed.push(agent);
    return true;
  }

  async findStamped(workerId: string): Promise<PlacedAgent[]> {
    return this.stamped.get(workerId) ?? [];
  }
}

const quiet = { info: () => undefined, warn: () => undefined };
const kitchen: PlacedAgent = { room: 'kitchen', identity: 'agent-AJ_1' };
const study: PlacedAgent = { room: 'study', identity: 'agent-AJ_2' };

describe('DeadJobSweeper', () => {
  it('removes the agent of a job that vanished while its participant lingers, and only that one', async () => {
    const remover = new FakeRemover();
    remover.present = [kitchen, study];
    const sweeper = new DeadJobSweeper(remover, quiet);
    await sweeper.observe(new Map([['AJ_1', kitchen], ['AJ_2', study]]));
    expect(remover.removed).toEqual([]);
    await sweeper.observe(new Map([['AJ_2', study]]));
    expect(remover.removed).toEqual([kitchen]);
    // Seen once: a second look does not try again.
    await sweeper.observe(new Map([['AJ_2', study]]));
    expect(remover.removed).toEqual([kitchen]);
  });

  it('does nothing for a job that ended cleanly (its agent already left)', async () => {
    const remover = new FakeRemover();
    const sweeper = new DeadJobSweeper(remover, quiet);
    await sweeper.observe(new Map([['AJ_1', kitchen]]));
    await sweeper.observe(new Map());
    expect(remover.removed).toEqual([]);
  });

  it("removes the agents a previous run of this worker left, but not this run's or another worker's", async () => {
    const remover = new FakeRemover();
    const other: PlacedAgent = { room: 'hall', identity: 'agent-AJ_9' };
    remover.present = [kitchen, study, other];
    remover.stamped.set('host:8081', [kitchen, study]);
    remover.stamped.set('host:8082', [other]);
    const sweeper = new DeadJobSweeper(remover, quiet);
    await sweeper.sweepPreviousRun('host:8081', new Map([['AJ_2', study]]));
    expect(remover.removed).toEqual([kitchen]);
  });

  it('keeps going when LiveKit cannot be reached', async () => {
    const remover = new FakeRemover();
    remover.removeIfPresent = () => Promise.reject(new Error('connect ECONNREFUSED'));
    remover.findStamped = () => Promise.reject(new Error('connect ECONNREFUSED'));
    const warnings: string[] = [];
    const sweeper = new DeadJobSweeper(remover, { info: () => undefined, warn: (_detail, message) => warnings.push(message) });
    await sweeper.sweepPreviousRun('host:8081', new Map());
    await sweeper.observe(new Map([['AJ_1', kitchen]]));
    await sweeper.observe(new Map());
    expect(warnings).toHaveLength(2);
  });
});

describe('runningAgents', () => {
  it('lists room jobs by job id with the identity they joined as', () => {
    const agents = runningAgents({
      activeJobs: [
        { job: { id: 'AJ_1', room: { name: 'kitchen' } }, acceptArguments: { identity: 'agent-AJ_1' } },
        { job: { id: 'AJ_3', room: { name: 'console' } }, acceptArguments: { identity: 'agent-AJ_3' }, fakeJob: true },
      ],
    });
    expect([...agents]).toEqual([['AJ_1', kitchen]]);
  });
});
