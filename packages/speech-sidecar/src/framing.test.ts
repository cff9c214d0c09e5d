import { describe, expect, it } from 'vitest';
import { encodeMessage, FramingError, MessageDecoder } from './framing.js';

describe('speech worker framing', () => {
  it('round-trips headers and binary payloads split at any byte', () => {
    const pcm = new Int16Array([1, -2, 32767, -32768, 0]);
    const wire = Buffer.concat([
      encodeMessage({ id: 1, op: 'transcribe' }, new Uint8Array(pcm.buffer)),
      encodeMessage({ id: 2, done: true }),
      encodeMessage({ id: 3, text: 'line\nbreak in a string' }),
    ]);
    for (let split = 1; split < wire.length; split += 7) {
      const decoder = new MessageDecoder();
      const messages = [...decoder.push(wire.subarray(0, split)), ...decoder.push(wire.subarray(split))];
      expect(messages.map((message) => message.header.id)).toEqual([1, 2, 3]);
      expect(messages[0]?.header.bytes).toBe(10);
      expect([...new Int16Array(new Uint8Array(messages[0]?.payload ?? []).buffer)]).toEqual([...pcm]);
      expect(messages[2]?.header.text).toBe('line\nbreak in a string');
    }
  });

  it('rejects a stream that is not the protocol', () => {
    expect(() => new MessageDecoder().push(Buffer.from('Traceback (most recent call last):\n'))).toThrow(FramingError);
    expect(() => new MessageDecoder().push(Buffer.from('[1,2]\n'))).toThrow(/not a JSON object/);
    expect(() => new MessageDecoder().push(Buffer.alloc(70 * 1024, 0x41))).toThrow(/too long/);
  });
});
