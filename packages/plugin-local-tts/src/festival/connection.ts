import net from 'node:net';
import { EngineError } from '../engine.js';
import { FestivalReplyDecoder, type Reply } from './reply-decoder.js';

interface Pending {
  waves: Buffer[];
  resolve: (wave: Buffer) => void;
  reject: (e: Error) => void;
}

/** One authenticated client connection; commands on it are answered in order. */
export class FestivalConnection {
  #socket: net.Socket;
  #pending: Pending[] = [];
  #closed = false;
  #ready: Promise<void>;

  constructor(port: number, password: string) {
    this.#socket = net.connect({ port, host: '127.0.0.1', noDelay: true });
    const decoder = new FestivalReplyDecoder((r) => this.#onReply(r));
    this.#ready = new Promise((resolve, reject) => {
      this.#socket.once('connect', () => {
        this.#socket.write(`${password}\n`);
        resolve();
      });
      this.#socket.once('error', reject);
    });
    this.#ready.catch(() => undefined);
    this.#socket.on('data', (d: Buffer) => decoder.push(d));
    this.#socket.on('error', (e) => this.#fail(new EngineError('festival', `connection error: ${e.message}`, { cause: e })));
    this.#socket.on('close', () => this.#fail(new EngineError('festival', 'connection closed by server')));
  }

  get closed(): boolean {
    return this.#closed;
  }

  #onReply(r: Reply): void {
    const head = this.#pending[0];
    if (!head) return;
    switch (r.kind) {
      case 'wave':
        head.waves.push(r.data);
        return;
      case 'lisp':
        return;
      case 'ok': {
        this.#pending.shift();
        const wave = head.waves[head.waves.length - 1];
        if (wave) head.resolve(wave);
        else head.reject(new EngineError('festival', 'command completed without a waveform'));
        return;
      }
      case 'error':
        this.#pending.shift();
        head.reject(new EngineError('festival', 'server reported an error evaluating the command'));
        return;
      case 'bad':
        this.#fail(new EngineError('festival', `unexpected reply line ${JSON.stringify(r.line)}`));
        this.destroy();
        return;
    }
  }

  #fail(e: Error): void {
    this.#closed = true;
    const pending = this.#pending;
    this.#pending = [];
    for (const p of pending) p.reject(e);
  }

  async request(command: string): Promise<Buffer> {
    await this.#ready;
    if (this.#closed) throw new EngineError('festival', 'connection closed');
    return new Promise((resolve, reject) => {
      this.#pending.push({ waves: [], resolve, reject });
      this.#socket.write(`${command}\n`);
    });
  }

  destroy(): void {
    this.#closed = true;
    this.#socket.destroy();
    this.#fail(new EngineError('festival', 'connection destroyed'));
  }
}
