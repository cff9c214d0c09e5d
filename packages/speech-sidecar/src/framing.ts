/**
 * The wire format between the agent and a speech worker (python/parley_speech/protocol.py):
 * one JSON header line per message; a header with `bytes: N` is followed by N raw bytes.
 */
export interface WorkerMessage {
  header: Record<string, unknown>;
  payload: Buffer;
}

const NEWLINE = 0x0a;
const MAX_HEADER_BYTES = 64 * 1024;

export class FramingError extends Error {
  override readonly name = 'FramingError';
}

export function encodeMessage(header: Record<string, unknown>, payload?: Uint8Array): Buffer {
  const withSize = payload && payload.byteLength > 0 ? { ...header, bytes: payload.byteLength } : header;
  const line = Buffer.from(`${JSON.stringify(withSize)}\n`, 'utf8');
  return payload && payload.byteLength > 0 ? Buffer.concat([line, Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength)]) : line;
}

/** Incremental decoder: feed it stdout chunks, it returns every message completed so far. */
export class MessageDecoder {
  #pending: Buffer = Buffer.alloc(0);
  #header: Record<string, unknown> | null = null;
  #payloadBytes = 0;

  push(chunk: Buffer): WorkerMessage[] {
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    const messages: WorkerMessage[] = [];
    for (;;) {
      if (this.#header === null) {
        const end = this.#pending.indexOf(NEWLINE);
        if (end < 0) {
          if (this.#pending.length > MAX_HEADER_BYTES) throw new FramingError('header line too long: the worker is not speaking the protocol');
          return messages;
        }
        const text = this.#pending.subarray(0, end).toString('utf8');
        this.#pending = this.#pending.subarray(end + 1);
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          throw new FramingError(`not a JSON header: ${text.slice(0, 120)}`);
        }
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new FramingError('header is not a JSON object');
        const header = parsed as Record<string, unknown>;
        const bytes = header.bytes;
        this.#payloadBytes = typeof bytes === 'number' && Number.isInteger(bytes) && bytes > 0 ? bytes : 0;
        this.#header = header;
      }
      if (this.#pending.length < this.#payloadBytes) return messages;
      const payload = Buffer.from(this.#pending.subarray(0, this.#payloadBytes));
      this.#pending = this.#pending.subarray(this.#payloadBytes);
      messages.push({ header: this.#header, payload });
      this.#header = null;
      this.#payloadBytes = 0;
    }
  }
}
