import { type AudioBuffer, initializeLogger, stt, type VAD, type VADEvent } from '@livekit/agents';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type UtteranceResult, VadSegmentedStream } from './segmented-stream.js';

/** A VAD stream that never reports anything (the tests end utterances themselves). */
class SilentVadStream {
  #end: (() => void) | undefined;
  pushFrame(): void {}
  flush(): void {}
  close(): void {
    this.#end?.();
  }
  [Symbol.asyncIterator](): AsyncIterator<VADEvent> {
    return { next: () => new Promise<IteratorResult<VADEvent>>((resolve) => (this.#end = () => resolve({ done: true, value: undefined }))) };
  }
}
const vad = { stream: () => new SilentVadStream() } as unknown as VAD;

class TestSTT extends stt.STT {
  label = 'test.STT';
  constructor() {
    super({ streaming: true, interimResults: false });
  }
  protected async _recognize(_buffer: AudioBuffer): Promise<stt.SpeechEvent> {
    throw new Error('not used');
  }
  stream(): TestStream {
    return new TestStream(this);
  }
}

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

class TestStream extends VadSegmentedStream {
  label = 'test.SpeechStream';
  constructor(sttImpl: TestSTT) {
    super(sttImpl, vad, 16_000, quiet);
  }
  protected onVadEvent(): void {}
  protected async endSegmentNow(): Promise<void> {}
  end(recognize: () => Promise<UtteranceResult>): Promise<UtteranceResult | null> {
    return this.endUtterance('req-1', 1234, recognize, 'could not transcribe');
  }
}

function data(text: string): stt.SpeechData {
  return { language: 'en', text, startTime: 0, endTime: 1, confidence: 1 };
}

async function eventsOf(stream: TestStream, count: number): Promise<stt.SpeechEvent[]> {
  const events: stt.SpeechEvent[] = [];
  for (let i = 0; i < count; i += 1) {
    const next = await stream.next();
    if (next.done) break;
    events.push(next.value);
  }
  return events;
}

describe('VadSegmentedStream.endUtterance', () => {
  beforeAll(() => initializeLogger({ pretty: false, level: 'error' }));
  let stream: TestStream | undefined;
  afterEach(() => stream?.close());

  it('emits the final, the end of speech with it, and the usage', async () => {
    stream = new TestSTT().stream();
    await stream.end(async () => ({ data: data('turn on the lights'), audioDuration: 1.5 }));
    const events = await eventsOf(stream, 3);
    expect(events.map((e) => e.type)).toEqual([stt.SpeechEventType.FINAL_TRANSCRIPT, stt.SpeechEventType.END_OF_SPEECH, stt.SpeechEventType.RECOGNITION_USAGE]);
    expect(events[0]).toMatchObject({ requestId: 'req-1', speechEndTime: 1234, alternatives: [{ text: 'turn on the lights' }] });
    expect(events[1]?.alternatives?.[0]?.text).toBe('turn on the lights');
    expect(events[2]?.recognitionUsage).toEqual({ audioDuration: 1.5 });
  });

  it('with no words: no final, an end of speech without text, and the usage', async () => {
    stream = new TestSTT().stream();
    await stream.end(async () => ({ data: data(''), audioDuration: 0.5 }));
    const events = await eventsOf(stream, 2);
    expect(events.map((e) => e.type)).toEqual([stt.SpeechEventType.END_OF_SPEECH, stt.SpeechEventType.RECOGNITION_USAGE]);
    expect(events[0]?.alternatives).toBeUndefined();
  });

  it('a failed recognition is a recoverable stt_error, and the turn still ends', async () => {
    const sttImpl = new TestSTT();
    const errors: Array<{ recoverable: boolean; error: Error }> = [];
    sttImpl.on('error', (error) => errors.push(error));
    stream = sttImpl.stream();
    expect(await stream.end(async () => Promise.reject(new Error('worker died')))).toBeNull();
    const events = await eventsOf(stream, 1);
    expect(events.map((e) => e.type)).toEqual([stt.SpeechEventType.END_OF_SPEECH]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.recoverable).toBe(true);
    expect(errors[0]?.error.message).toBe('worker died');
  });
});
