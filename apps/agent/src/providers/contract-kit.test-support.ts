import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

// Shared by the provider contract tests: a loopback server that a cloud plugin talks to instead of
// the provider, and the waiting helpers that make a broken stream fail the test instead of hanging it.

/** The few `ws` server APIs the fakes use (no @types/ws in the tree). */
export interface WsSocket {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): this;
  on(event: 'close', listener: () => void): this;
}
interface WsServer {
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, callback: (socket: WsSocket) => void): void;
  close(): void;
}
const { WebSocketServer } = createRequire(import.meta.url)('ws') as { WebSocketServer: new (options: { noServer: true }) => WsServer };

export interface Upgrade {
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
}

/** An HTTP upgrade refused the way the provider refuses it: a status and its JSON error body. */
export interface Refusal {
  status: number;
  body: object;
}

/**
 * A provider stand-in on 127.0.0.1: records WebSocket upgrades, refuses the next ones when told
 * to, hands accepted sockets to `onConnection`, and answers plain HTTP with `handleHttp`.
 */
export class LoopbackProvider {
  readonly upgrades: Upgrade[] = [];
  readonly refusals: Refusal[] = [];
  /** Sockets the client has not closed yet. */
  readonly open = new Set<WsSocket>();
  onConnection: (socket: WsSocket, upgrade: Upgrade) => void = () => undefined;
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #server: Server = createServer((request, response) => this.handleHttp(request, response));
  #port = 0;

  protected handleHttp(_request: IncomingMessage, response: ServerResponse): void {
    response.writeHead(404).end();
  }

  /** http://127.0.0.1:<port> followed by `path`, as the plugins' base-URL settings take it. */
  url(path = ''): string {
    return `http://127.0.0.1:${this.#port}${path}`;
  }

  async start(): Promise<void> {
    this.#server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      // Some SDKs join base URL and path with a doubled slash ("//ws/..."), which URL() would read as a host.
      const url = new URL((request.url ?? '/').replace(/^\/+/, '/'), 'http://127.0.0.1');
      const upgrade = { path: url.pathname, query: url.searchParams, authorization: request.headers.authorization };
      this.upgrades.push(upgrade);
      const refusal = this.refusals.shift();
      if (refusal !== undefined) {
        const body = JSON.stringify(refusal.body);
        socket.end(`HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? ''}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`);
        return;
      }
      this.#wss.handleUpgrade(request, socket, head, (ws) => {
        this.open.add(ws);
        ws.on('close', () => this.open.delete(ws));
        this.onConnection(ws, upgrade);
      });
    });
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.#port = (this.#server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const socket of this.open) socket.terminate();
    this.#wss.close();
    this.#server.closeAllConnections();
    await new Promise((resolve) => this.#server.close(resolve));
  }
}

/** Settles with `promise`, or fails after `timeoutMs` naming `what`. */
export async function within<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Reads a stream until it ends or `stop` says so; fails instead of hanging. */
export async function readAll<T>(stream: AsyncIterable<T>, options: { timeoutMs?: number; stop?: (item: T) => boolean } = {}): Promise<T[]> {
  const items: T[] = [];
  const reading = (async () => {
    for await (const item of stream) {
      items.push(item);
      if (options.stop?.(item)) return;
    }
  })();
  try {
    await within(reading, options.timeoutMs ?? 5000, 'stream');
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)} (got ${items.length} items)`);
  }
  return items;
}

export async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
