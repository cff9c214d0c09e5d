/** One LiveKit node as this API sees it. */
export interface LiveKitNode {
  /** URL this API uses for LiveKit's server API. */
  url: string;
  /** URL browsers are sent to. */
  publicUrl: string;
}

export interface NodeState extends LiveKitNode {
  live: boolean;
}

/** Answers whether a node is up; the real one asks LiveKit's own health endpoint. */
export type NodeCheck = (node: LiveKitNode) => Promise<boolean>;

/**
 * The LiveKit nodes of a cluster and which of them answer. In LiveKit's multi-node mode a room
 * lives on one node, and a participant may connect to any node (LiveKit relays its signalling to
 * the room's node through Redis); when a node dies, its rooms move to a live node on the next
 * join. So the API only has to send each participant to a live node: a client whose node died
 * asks for a fresh token (its rejoin path) and gets a live node's URL.
 */
export class NodePool {
  readonly #nodes: NodeState[];
  /** Public URLs in a fixed order (sorted), so every API instance sends a room to the same node. */
  readonly #ring: NodeState[];
  readonly #check: NodeCheck;
  #timer: NodeJS.Timeout | undefined;

  constructor(nodes: LiveKitNode[], check: NodeCheck) {
    if (nodes.length === 0) throw new Error('a node pool needs at least one LiveKit node');
    // Every node counts as live until a probe says otherwise: a fresh API must not refuse to work.
    this.#nodes = nodes.map((node) => ({ ...node, live: true }));
    this.#ring = [...this.#nodes].sort((a, b) => (a.publicUrl < b.publicUrl ? -1 : a.publicUrl > b.publicUrl ? 1 : 0));
    this.#check = check;
  }

  get size(): number {
    return this.#nodes.length;
  }

  states(): NodeState[] {
    return this.#nodes.map((node) => ({ ...node }));
  }

  /** The node for server API calls: the first configured node that answered (the first when none did). */
  apiUrl(): string {
    return (this.#nodes.find((node) => node.live) ?? (this.#nodes[0] as NodeState)).url;
  }

  /**
   * The public URL for a participant of `room`: the room's place on the ring, or the next live
   * node after it. All participants of a room share a node while it lives, so their signalling
   * does not depend on a second node; which node hosts the room's media is LiveKit's choice.
   */
  publicUrlFor(room: string): string {
    const start = roomHash(room) % this.#ring.length;
    for (let step = 0; step < this.#ring.length; step += 1) {
      const node = this.#ring[(start + step) % this.#ring.length] as NodeState;
      if (node.live) return node.publicUrl;
    }
    return (this.#ring[start] as NodeState).publicUrl;
  }

  /** Probes every node once. */
  async refresh(): Promise<void> {
    await Promise.all(
      this.#nodes.map(async (node) => {
        node.live = await this.#check(node).catch(() => false);
      }),
    );
  }

  /** Probes every `intervalMs` (a single node needs no probing: there is nothing to choose). */
  start(intervalMs: number): void {
    if (this.#nodes.length < 2 || this.#timer) return;
    const tick = (): void => {
      void this.refresh().finally(() => {
        if (this.#timer) this.#timer = setTimeout(tick, intervalMs).unref();
      });
    };
    this.#timer = setTimeout(tick, 0).unref();
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

/** FNV-1a: stable across processes and versions, unlike anything seeded. */
export function roomHash(room: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < room.length; index += 1) {
    hash ^= room.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** LiveKit answers `GET /` with 200 "OK" while the node is up and its stats are fresh in Redis. */
export function liveKitHealthCheck(timeoutMs: number): NodeCheck {
  return async (node) => {
    const url = new URL(node.url);
    url.protocol = url.protocol === 'wss:' || url.protocol === 'https:' ? 'https:' : 'http:';
    url.pathname = '/';
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return response.status === 200;
  };
}

/**
 * An object whose methods run on the client for the pool's current API node. The LiveKit SDK's
 * clients are bound to one host each, so one is made per node, on first use.
 */
export function onLiveNode<T extends object>(pool: NodePool, make: (url: string) => T): T {
  const clients = new Map<string, T>();
  const current = (): T => {
    const url = pool.apiUrl();
    let client = clients.get(url);
    if (client === undefined) {
      client = make(url);
      clients.set(url, client);
    }
    return client;
  };
  return new Proxy(current(), {
    get(_target, key) {
      const client = current();
      const value: unknown = Reflect.get(client, key);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(client) : value;
    },
  });
}
