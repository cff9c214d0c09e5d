import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { initializeLogger, log, readStream } from '@livekit/agents';
import { describe, expect, it, vi } from 'vitest';

// patches/@livekit+agents+1.9.0.patch: readStream() raced every read against one long-lived
// abort promise, which kept every chunk it ever read alive until the signal aborted: a long
// conversation's whole inbound audio (about 6 MB a minute) stayed in memory.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('patched @livekit/agents readStream', () => {
  it('lets chunks already read be garbage-collected while the signal is still live', async () => {
    const CHUNKS = 200;
    const released = new Set<number>();
    const registry = new FinalizationRegistry<number>((index) => released.add(index));
    let index = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (index === CHUNKS) return controller.close();
        const chunk = new Uint8Array(64 * 1024);
        registry.register(chunk, index);
        index += 1;
        controller.enqueue(chunk);
      },
    });
    const signal = new AbortController().signal;
    let read = 0;
    for await (const chunk of readStream(stream, signal)) {
      read += chunk.byteLength > 0 ? 1 : 0;
      if (read === CHUNKS / 2) {
        // Mid-stream, with the signal still live: the first half must be collectable.
        for (let round = 0; round < 5 && released.size < CHUNKS / 4; round += 1) {
          gc();
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        expect(released.size).toBeGreaterThanOrEqual(CHUNKS / 4);
      }
    }
    expect(read).toBe(CHUNKS);
  });

  it('still stops a pending read when the signal aborts', async () => {
    const controller = new AbortController();
    const neverEnding = new ReadableStream<number>({ pull: () => new Promise(() => undefined) });
    setTimeout(() => controller.abort(), 20);
    const seen: number[] = [];
    for await (const value of readStream(neverEnding, controller.signal)) seen.push(value);
    expect(seen).toEqual([]);
  });
});

// The same patch: the framework logs what people say under lk.pii.* keys ("playout completed",
// "received user transcript"); the logs keep only the length.
describe('patched @livekit/agents logger', () => {
  it('writes no personal field, only its length', () => {
    const lines: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      initializeLogger({ pretty: false, level: 'info' });
      log().child({ room: 'r1' }).info({ 'lk.pii.message': 'call my mother tomorrow', turns: 2 }, 'playout completed');
    } finally {
      write.mockRestore();
    }
    const line = lines.join('');
    expect(line).toContain('playout completed');
    expect(line).not.toContain('mother');
    expect(JSON.parse(line.trim().split('\n')[0] ?? '{}')).toMatchObject({ 'lk.pii.message': '[23 chars]', turns: 2, room: 'r1' });
  });
});
