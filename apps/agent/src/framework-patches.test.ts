import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { initializeLogger, log, readStream } from '@livekit/agents';
import { AudioFrame, AudioSource, LocalAudioTrack, TrackSource, type Track } from '@livekit/rtc-node';
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

// The same patch: the person's audio reaches the job in 20 ms frames instead of LiveKit's 10 ms.
// Every frame costs the job's one thread the same FFI event, protobuf decode and stream hops
// whatever its length; at 20 ms its share of a core went from 0.18 to 0.08 in a bench conversation.
describe('patched @livekit/agents room audio input', () => {
  interface AudioInputUnderTest {
    readonly stream: ReadableStream<AudioFrame>;
    setParticipant(identity: string): void;
    onTrackSubscribed(track: Track, publication: { sid: string; source: TrackSource }, participant: { identity: string }): boolean;
    close(): Promise<void>;
  }
  type AudioInputClass = new (options: { room: EventEmitter; sampleRate: number; numChannels: number }) => AudioInputUnderTest;

  it('asks LiveKit for 20 ms frames', async () => {
    // Not exported by the package: loaded from its file, as the framework's RoomIO does.
    const dist = path.dirname(createRequire(import.meta.url).resolve('@livekit/agents'));
    const { ParticipantAudioInputStream } = (await import(pathToFileURL(path.join(dist, 'voice/room_io/_input.js')).href)) as { ParticipantAudioInputStream: AudioInputClass };
    const person = { identity: 'person', trackPublications: new Map() };
    const room = Object.assign(new EventEmitter(), { remoteParticipants: new Map([[person.identity, person]]) });
    const input = new ParticipantAudioInputStream({ room, sampleRate: 16_000, numChannels: 1 });
    const source = new AudioSource(16_000, 1);
    const track = LocalAudioTrack.createAudioTrack('microphone', source);
    input.setParticipant(person.identity);
    expect(input.onTrackSubscribed(track, { sid: 'TR_mic', source: TrackSource.SOURCE_MICROPHONE }, person)).toBe(true);
    const reader = input.stream.getReader();
    for (let index = 0; index < 10; index += 1) await source.captureFrame(new AudioFrame(new Int16Array(160).fill(1000), 16_000, 1, 160));
    const { value } = await reader.read();
    expect(value?.sampleRate).toBe(16_000);
    expect(value?.samplesPerChannel).toBe(320);
    reader.releaseLock();
    await input.close();
    await source.close();
  });
});
