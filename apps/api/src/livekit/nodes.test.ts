import { describe, expect, it } from 'vitest';
import { NodePool, onLiveNode, roomHash } from './nodes.js';

const nodes = [
  { url: 'ws://10.0.0.1:7880', publicUrl: 'wss://lk1.example.com' },
  { url: 'ws://10.0.0.2:7880', publicUrl: 'wss://lk2.example.com' },
];

describe('NodePool', () => {
  it('sends every participant of a room to the same node, and rooms to both nodes', () => {
    const pool = new NodePool(nodes, async () => true);
    const rooms = Array.from({ length: 20 }, (_, index) => `room-${index}`);
    expect(new Set(rooms.map((room) => pool.publicUrlFor(room)))).toEqual(new Set(['wss://lk1.example.com', 'wss://lk2.example.com']));
    for (const room of rooms) expect(pool.publicUrlFor(room)).toBe(pool.publicUrlFor(room));
  });

  it('agrees across API instances whatever order each lists the nodes in', () => {
    const one = new NodePool(nodes, async () => true);
    const other = new NodePool([...nodes].reverse(), async () => true);
    for (let index = 0; index < 20; index += 1) expect(other.publicUrlFor(`r${index}`)).toBe(one.publicUrlFor(`r${index}`));
  });

  it('skips a node that stopped answering, for participants and for server API calls', async () => {
    let down = '';
    const pool = new NodePool(nodes, async (node) => node.url !== down);
    down = 'ws://10.0.0.1:7880';
    await pool.refresh();
    for (let index = 0; index < 20; index += 1) expect(pool.publicUrlFor(`r${index}`)).toBe('wss://lk2.example.com');
    expect(pool.apiUrl()).toBe('ws://10.0.0.2:7880');
    down = '';
    await pool.refresh();
    expect(pool.apiUrl()).toBe('ws://10.0.0.1:7880');
  });

  it('falls back to the configured node when none answers (a probe that throws counts as down)', async () => {
    const pool = new NodePool(nodes, async () => {
      throw new Error('refused');
    });
    await pool.refresh();
    expect(pool.states().every((node) => !node.live)).toBe(true);
    expect(pool.apiUrl()).toBe('ws://10.0.0.1:7880');
    expect(['wss://lk1.example.com', 'wss://lk2.example.com']).toContain(pool.publicUrlFor('desk'));
  });

  it('roomHash is stable (the same value in every process)', () => {
    expect(roomHash('desk')).toBe(roomHash('desk'));
    expect(roomHash('')).toBe(0x811c9dc5);
  });
});

describe('onLiveNode', () => {
  it('calls the client of the node the pool picks now', async () => {
    let down = false;
    const pool = new NodePool(nodes, async (node) => !(down && node.url === 'ws://10.0.0.1:7880'));
    const made: string[] = [];
    const client = onLiveNode(pool, (url) => {
      made.push(url);
      return { where: async () => url };
    });
    expect(await client.where()).toBe('ws://10.0.0.1:7880');
    down = true;
    await pool.refresh();
    expect(await client.where()).toBe('ws://10.0.0.2:7880');
    expect(made).toEqual(['ws://10.0.0.1:7880', 'ws://10.0.0.2:7880']);
  });
});
