import { describe, expect, it } from 'vitest';
import { createAgentDispatcher, type DispatchApi, type ExistingDispatch } from './dispatch.js';

class FakeDispatchApi implements DispatchApi {
  rooms = new Set<string>();
  dispatches: ExistingDispatch[] = [];
  created: string[] = [];

  async roomExists(room: string) {
    return this.rooms.has(room);
  }
  async listDispatch(room: string) {
    if (!this.rooms.has(room)) throw new Error('room not found');
    return this.dispatches;
  }
  async createDispatch(room: string, agentName: string) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    this.rooms.add(room);
    const id = `AD_${this.created.length + 1}`;
    this.created.push(room);
    this.dispatches.push({ id, agentName, state: { deletedAt: 0n, jobs: [] } });
    return { id };
  }
}

describe('createAgentDispatcher', () => {
  it('creates a dispatch (and so the room) when the room does not exist', async () => {
    const api = new FakeDispatchApi();
    const result = await createAgentDispatcher(api).ensureDispatched('r', 'parley-agent');
    expect(result).toEqual({ dispatchId: 'AD_1', created: true });
  });

  it('reuses a live dispatch instead of starting a second agent', async () => {
    const api = new FakeDispatchApi();
    api.rooms.add('r');
    api.dispatches.push({ id: 'AD_old', agentName: 'parley-agent', state: { deletedAt: 0n, jobs: [{ state: { status: 1 } }] } });
    const result = await createAgentDispatcher(api).ensureDispatched('r', 'parley-agent');
    expect(result).toEqual({ dispatchId: 'AD_old', created: false });
    expect(api.created).toEqual([]);
  });

  it('dispatches again when the previous agent job has finished or was deleted', async () => {
    const api = new FakeDispatchApi();
    api.rooms.add('r');
    api.dispatches.push(
      { id: 'AD_done', agentName: 'parley-agent', state: { deletedAt: 0n, jobs: [{ state: { status: 2 } }] } },
      { id: 'AD_deleted', agentName: 'parley-agent', state: { deletedAt: 5n, jobs: [] } },
      { id: 'AD_other', agentName: 'someone-else', state: { deletedAt: 0n, jobs: [] } },
    );
    const result = await createAgentDispatcher(api).ensureDispatched('r', 'parley-agent');
    expect(result.created).toBe(true);
  });

  it('serialises concurrent requests for one room so only one agent is dispatched', async () => {
    const api = new FakeDispatchApi();
    const dispatcher = createAgentDispatcher(api);
    const results = await Promise.all([1, 2, 3].map(() => dispatcher.ensureDispatched('r', 'parley-agent')));
    expect(api.created).toEqual(['r']);
    expect(new Set(results.map((r) => r.dispatchId))).toEqual(new Set(['AD_1']));
  });

  it('keeps working after a failed call', async () => {
    const api = new FakeDispatchApi();
    const dispatcher = createAgentDispatcher(api);
    const original = api.createDispatch.bind(api);
    api.createDispatch = () => Promise.reject(new Error('down'));
    await expect(dispatcher.ensureDispatched('r', 'parley-agent')).rejects.toThrow('down');
    api.createDispatch = original;
    await expect(dispatcher.ensureDispatched('r', 'parley-agent')).resolves.toMatchObject({ created: true });
  });
});
