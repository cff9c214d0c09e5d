const STUFF_KEY = Buffer.from('ft_StUfF_key', 'latin1');

export type Reply = { kind: 'wave' | 'lisp'; data: Buffer } | { kind: 'ok' } | { kind: 'error' } | { kind: 'bad'; line: string };

/**
 * Decoder for festival's server replies: status lines "WV\n" / "LP\n" followed by a payload
 * terminated by the stuff key (where a literal key inside the payload was sent with an 'X'
 * before its last byte), and "OK\n" / "ER\n" ending each command.
 */
export class FestivalReplyDecoder {
  #inPayload = false;
  #status = '';
  #payloadKind: 'wave' | 'lisp' = 'wave';
  #k = 0;
  #parts: Buffer[] = [];
  readonly #emit: (r: Reply) => void;

  constructor(emit: (r: Reply) => void) {
    this.#emit = emit;
  }

  push(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length) {
      if (!this.#inPayload) {
        const nl = chunk.indexOf(0x0a, i);
        if (nl < 0) {
          this.#status += chunk.toString('latin1', i);
          if (this.#status.length > 256) this.#emit({ kind: 'bad', line: this.#status.slice(0, 64) });
          return;
        }
        const line = this.#status + chunk.toString('latin1', i, nl);
        this.#status = '';
        i = nl + 1;
        if (line === 'WV' || line === 'LP') {
          this.#inPayload = true;
          this.#payloadKind = line === 'WV' ? 'wave' : 'lisp';
          this.#k = 0;
          this.#parts = [];
        } else if (line === 'OK') this.#emit({ kind: 'ok' });
        else if (line === 'ER') this.#emit({ kind: 'error' });
        else this.#emit({ kind: 'bad', line: line.slice(0, 64) });
        continue;
      }
      // Inside a key-stuffed payload.
      if (this.#k === 0) {
        const f = chunk.indexOf(STUFF_KEY[0] ?? 0, i);
        if (f < 0) {
          this.#parts.push(chunk.subarray(i));
          return;
        }
        if (f > i) this.#parts.push(chunk.subarray(i, f));
        this.#k = 1;
        i = f + 1;
        continue;
      }
      const c = chunk[i++] ?? 0;
      if (c === STUFF_KEY[this.#k]) {
        this.#k++;
        if (this.#k === STUFF_KEY.length) {
          this.#inPayload = false;
          this.#k = 0;
          const data = Buffer.concat(this.#parts);
          this.#parts = [];
          this.#emit({ kind: this.#payloadKind, data });
        }
      } else if (c === 0x58 /* 'X' */ && this.#k === STUFF_KEY.length - 1) {
        // It looked like the key but was stuffed: keep the key prefix, drop the 'X'.
        this.#parts.push(STUFF_KEY.subarray(0, this.#k));
        this.#k = 0;
      } else {
        this.#parts.push(STUFF_KEY.subarray(0, this.#k), Buffer.from([c]));
        this.#k = 0;
      }
    }
  }
}
