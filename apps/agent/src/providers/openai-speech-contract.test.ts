import type { IncomingMessage, ServerResponse } from 'node:http';
import { initializeLogger, stt, type tts } from '@livekit/agents';
import { AudioFrame } from '@livekit/rtc-node';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadAgentConfig } from '../config.js';
import type { LocalEngines } from '../session-factory.js';
import { LoopbackProvider, readAll, waitFor, within, type WsSocket } from './contract-kit.test-support.js';
import { createStt, createTts } from './factory.js';

// Contract tests: the real OpenAI speech plugins, created by createStt (PARLEY_STT=openai) and
// createTts (PARLEY_TTS=openai), against a loopback server that speaks OpenAI's documented wire
// formats:
//  - TTS: POST /v1/audio/speech, JSON {model, voice, input, response_format}; with "pcm" the body is
//    raw 24 kHz 16-bit mono little-endian samples (https://platform.openai.com/docs/api-reference/audio/createSpeech).
//  - STT as a session uses it: plugin 1.9.0 streams by default (useRealtime), over the Realtime
//    transcription WebSocket <base>/realtime?intent=transcription&model=..., a `session.update`
//    of type "transcription", base64 `input_audio_buffer.append`, and server events
//    input_audio_buffer.speech_started/stopped, conversation.item.input_audio_transcription.delta/completed
//    (https://platform.openai.com/docs/guides/realtime-transcription).
//  - STT one-shot (recognize): POST /v1/audio/transcriptions, multipart with file/model/response_format=json
//    (https://platform.openai.com/docs/api-reference/audio/createTranscription).

interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}
interface RealtimeEvent {
  type: string;
  [field: string]: unknown;
}
type Reply = (response: ServerResponse) => void;
type SttError = Parameters<stt.STTCallbacks['error']>[0];
type TtsError = Parameters<tts.TTSCallbacks['error']>[0];

/** An OpenAI stand-in: records HTTP requests and Realtime client events; the test scripts the replies. */
class FakeOpenAI extends LoopbackProvider {
  readonly requests: RecordedRequest[] = [];
  readonly replies: Reply[] = [];
  readonly clientEvents: RealtimeEvent[] = [];
  onEvent: (event: RealtimeEvent, socket: WsSocket) => void = () => undefined;

  constructor() {
    super();
    this.onConnection = (ws) => {
      ws.on('message', (data) => {
        const event = JSON.parse(data.toString()) as RealtimeEvent;
        this.clientEvents.push(event);
        this.onEvent(event, ws);
      });
    };
  }

  get baseUrl(): string {
    return this.url('/v1');
  }

  /** Refuses the next upgrade as OpenAI refuses a bad key. */
  refuse(status: number): void {
    this.refusals.push({ status, body: { error: { message: 'Incorrect API key provided', code: 'invalid_api_key' } } });
  }

  protected override handleHttp(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      this.requests.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks) });
      const reply = this.replies.shift();
      if (reply) reply(response);
      else json(404, { error: { message: 'no scripted reply' } })(response);
    });
  }
}

function json(status: number, body: object): Reply {
  return (response) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
}

let openai: FakeOpenAI;
const cleanups: (() => unknown)[] = [];

beforeAll(() => {
  initializeLogger({ pretty: false, level: 'fatal' });
});

beforeEach(async () => {
  openai = new FakeOpenAI();
  await openai.start();
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
  await openai.stop();
});

function speechConfig(extra: Record<string, string> = {}): ReturnType<typeof loadAgentConfig> {
  return loadAgentConfig({
    LIVEKIT_URL: 'ws://127.0.0.1:7880',
    LIVEKIT_API_KEY: 'key',
    LIVEKIT_API_SECRET: 'secret',
    PARLEY_STT: 'openai',
    PARLEY_TTS: 'openai',
    OPENAI_API_KEY: 'sk-test',
    PARLEY_OPENAI_BASE_URL: openai.baseUrl,
    ...extra,
  });
}

function openaiStt(): { recognizer: stt.STT; errors: SttError[] } {
  const config = speechConfig();
  if (config.providers.stt === null) throw new Error('expected an STT choice');
  const recognizer = createStt(config.providers.stt, config, {} as LocalEngines);
  const errors: SttError[] = [];
  recognizer.on('error', (error) => errors.push(error));
  cleanups.push(() => recognizer.close());
  return { recognizer, errors };
}

function openaiTts(voice?: string): { synthesizer: tts.TTS; errors: TtsError[] } {
  const config = speechConfig();
  const synthesizer = createTts(config.providers.tts, config, {} as LocalEngines, voice);
  const errors: TtsError[] = [];
  synthesizer.on('error', (error) => errors.push(error));
  cleanups.push(() => synthesizer.close());
  return { synthesizer, errors };
}

/** `count` samples of a recognisable ramp at `rate` Hz, as one frame. */
function rampFrame(count: number, rate: number, start = 0): AudioFrame {
  const samples = new Int16Array(count);
  for (let i = 0; i < count; i += 1) samples[i] = ((start + i) * 37) % 20_000 - 10_000;
  return new AudioFrame(samples, rate, 1, count);
}

const pcmBytes = (frame: AudioFrame): Buffer => Buffer.from(frame.data.buffer, frame.data.byteOffset, frame.data.byteLength);

/** Reads a stream to its end (or `stop`), failing instead of hanging. */
function collect<T>(stream: AsyncIterable<T>, stop: (item: T) => boolean = () => false, timeoutMs = 10_000): Promise<T[]> {
  return readAll(stream, { stop, timeoutMs });
}

/**
 * The framework's tts.ChunkedStream starts its request fire-and-forget, so a failed request also
 * rejects a promise nobody holds (the job process logs those at debug level). This captures them
 * while `run` runs, so the test asserts on them instead of vitest reporting them as stray errors.
 */
async function capturingUnhandledRejections<T>(run: (rejections: unknown[]) => Promise<T>): Promise<T> {
  const previous = process.listeners('unhandledRejection');
  const rejections: unknown[] = [];
  const capture = (reason: unknown): void => void rejections.push(reason);
  process.removeAllListeners('unhandledRejection');
  process.on('unhandledRejection', capture);
  try {
    return await run(rejections);
  } finally {
    process.off('unhandledRejection', capture);
    for (const listener of previous) process.on('unhandledRejection', listener);
  }
}

describe('OpenAI TTS contract (POST /v1/audio/speech)', () => {
  it('sends model, voice, input and response_format "pcm"; turns the PCM body into 24 kHz frames', async () => {
    const body = pcmBytes(rampFrame(4800, 24_000)); // 200 ms: exactly two 100 ms frames
    openai.replies.push((response) => {
      response.writeHead(200, { 'content-type': 'audio/pcm' });
      response.end(body);
    });
    const { synthesizer, errors } = openaiTts();
    const audio = await collect(synthesizer.synthesize('Hello from Parley.'));

    const [request] = openai.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/v1/audio/speech');
    expect(request?.headers.authorization).toBe('Bearer sk-test');
    expect(request?.headers['content-type']).toMatch(/^application\/json/);
    const sent = JSON.parse(request?.body.toString() ?? '{}') as Record<string, unknown>;
    expect(sent).toMatchObject({ model: 'gpt-4o-mini-tts', voice: 'alloy', input: 'Hello from Parley.', response_format: 'pcm' });

    expect(audio.map((chunk) => [chunk.frame.sampleRate, chunk.frame.channels, chunk.frame.samplesPerChannel, chunk.final])).toEqual([
      [24_000, 1, 2400, false],
      [24_000, 1, 2400, true],
    ]);
    expect(Buffer.concat(audio.map((chunk) => pcmBytes(chunk.frame))).equals(body)).toBe(true);
    expect(errors).toEqual([]);
  });

  it("uses a session's voice over PARLEY_OPENAI_TTS_VOICE", async () => {
    openai.replies.push((response) => response.writeHead(200, { 'content-type': 'audio/pcm' }).end(pcmBytes(rampFrame(2400, 24_000))));
    const { synthesizer } = openaiTts('coral');
    await collect(synthesizer.synthesize('Hi.'));
    expect((JSON.parse(openai.requests[0]?.body.toString() ?? '{}') as { voice?: string }).voice).toBe('coral');
  });

  // Upstream bug in plugin-openai 1.9.0 (tts ChunkedStream.run never flushed its AudioByteStream, so up
  // to 99 ms at the end of each utterance was lost): fixed by patches/@livekit+agents-plugin-openai+1.9.0.patch.
  it('delivers every sample, including a last partial frame', async () => {
    const body = pcmBytes(rampFrame(6000, 24_000)); // 250 ms
    openai.replies.push((response) => response.writeHead(200, { 'content-type': 'audio/pcm' }).end(body));
    const { synthesizer } = openaiTts();
    const audio = await collect(synthesizer.synthesize('Hello.'));
    expect(audio.reduce((total, chunk) => total + chunk.frame.samplesPerChannel, 0)).toBe(6000);
  });

  it('a rejected key (401) ends the stream with an unrecoverable error after one request', async () => {
    openai.replies.push(json(401, { error: { message: 'Incorrect API key provided: sk-test', type: 'invalid_request_error', code: 'invalid_api_key' } }));
    const { synthesizer, errors } = openaiTts();
    await capturingUnhandledRejections(async (rejections) => {
      const audio = await collect(synthesizer.synthesize('Hello.'));
      expect(audio).toEqual([]);
      await waitFor(() => rejections.length > 0);
      expect(rejections).toEqual([errors[0]?.error]);
    });
    expect(openai.requests).toHaveLength(1);
    expect(errors.map((error) => error.recoverable)).toEqual([false]);
    expect(errors[0]?.error.message).toMatch(/401/);
    expect(errors[0]?.error.message).toMatch(/Incorrect API key/);
  });

  it('a server error (500) ends the stream with an error instead of hanging (not retried)', async () => {
    openai.replies.push(json(500, { error: { message: 'The server had an error while processing your request.', type: 'server_error' } }));
    const { synthesizer, errors } = openaiTts();
    await capturingUnhandledRejections(async (rejections) => {
      const audio = await collect(synthesizer.synthesize('Hello.'));
      expect(audio).toEqual([]);
      await waitFor(() => rejections.length > 0);
    });
    // The OpenAI SDK's errors are not the framework's APIError, so connOptions retries never apply.
    expect(openai.requests).toHaveLength(1);
    expect(errors.map((error) => error.recoverable)).toEqual([false]);
    expect(errors[0]?.error.message).toMatch(/500/);
  });
});

describe('OpenAI STT contract', () => {
  it('createStt gives a streaming recognizer (the Realtime transcription WebSocket, not POST /audio/transcriptions)', () => {
    const { recognizer } = openaiStt();
    expect(recognizer.capabilities.streaming).toBe(true);
    expect(recognizer.model).toBe('gpt-4o-mini-transcribe');
  });

  it('streams: upgrade to /v1/realtime?intent=transcription, session.update, base64 audio; parses deltas and the completed transcript', async () => {
    let appended = 0;
    openai.onEvent = (event, socket) => {
      if (event.type !== 'input_audio_buffer.append') return;
      appended += 1;
      if (appended !== 4) return;
      // The server VAD heard 300 ms of speech: the documented event sequence for one item.
      for (const reply of [
        { type: 'input_audio_buffer.speech_started', item_id: 'item_1', audio_start_ms: 100 },
        { type: 'input_audio_buffer.speech_stopped', item_id: 'item_1', audio_end_ms: 400 },
        { type: 'input_audio_buffer.committed', item_id: 'item_1', previous_item_id: null },
        { type: 'conversation.item.input_audio_transcription.delta', item_id: 'item_1', content_index: 0, delta: 'Hello' },
        { type: 'conversation.item.input_audio_transcription.delta', item_id: 'item_1', content_index: 0, delta: ' there' },
        {
          type: 'conversation.item.input_audio_transcription.completed',
          item_id: 'item_1',
          content_index: 0,
          transcript: 'Hello there.',
          usage: { type: 'tokens', input_tokens: 12, output_tokens: 4, total_tokens: 16 },
        },
      ]) {
        socket.send(JSON.stringify(reply));
      }
    };
    const { recognizer, errors } = openaiStt();
    const stream = recognizer.stream();
    const frames = [0, 1, 2, 3].map((index) => rampFrame(1200, 24_000, index * 1200)); // 4 × 50 ms at 24 kHz
    for (const frame of frames) stream.pushFrame(frame);
    const events = await collect(stream, (event) => event.type === stt.SpeechEventType.RECOGNITION_USAGE);
    stream.endInput();
    await collect(stream);

    expect(events.map((event) => [stt.SpeechEventType[event.type], event.alternatives?.[0].text])).toEqual([
      ['START_OF_SPEECH', undefined],
      ['END_OF_SPEECH', undefined],
      ['INTERIM_TRANSCRIPT', 'Hello'],
      ['INTERIM_TRANSCRIPT', 'Hello there'],
      ['FINAL_TRANSCRIPT', 'Hello there.'],
      ['RECOGNITION_USAGE', undefined],
    ]);
    expect(events[4]?.requestId).toBe('item_1');
    expect(events[5]?.recognitionUsage).toMatchObject({ audioDuration: 0.3, inputTokens: 12, outputTokens: 4 });
    expect(errors).toEqual([]);

    expect(openai.upgrades).toHaveLength(1);
    const [upgrade] = openai.upgrades;
    expect(upgrade?.path).toBe('/v1/realtime');
    expect(upgrade?.query.get('intent')).toBe('transcription');
    expect(upgrade?.query.get('model')).toBe('gpt-4o-mini-transcribe');
    expect(upgrade?.authorization).toBe('Bearer sk-test');

    const [sessionUpdate, ...rest] = openai.clientEvents;
    expect(sessionUpdate).toMatchObject({
      type: 'session.update',
      session: {
        type: 'transcription',
        audio: { input: { format: { type: 'audio/pcm', rate: 24_000 }, transcription: { model: 'gpt-4o-mini-transcribe', language: 'en' }, turn_detection: { type: 'server_vad' } } },
      },
    });
    const appends = rest.filter((event) => event.type === 'input_audio_buffer.append');
    expect(appends).toHaveLength(4);
    const sentAudio = Buffer.concat(appends.map((event) => Buffer.from(String(event.audio), 'base64')));
    expect(sentAudio.equals(Buffer.concat(frames.map(pcmBytes)))).toBe(true);
  });

  it('a rejected key (401 on the upgrade) ends the stream with an unrecoverable error', async () => {
    openai.refuse(401);
    const { recognizer, errors } = openaiStt();
    const stream = recognizer.stream();
    stream.pushFrame(rampFrame(1200, 24_000));
    expect(await collect(stream, () => false, 5000)).toEqual([]);
    expect(openai.upgrades).toHaveLength(1);
    expect(errors.map((error) => error.recoverable)).toEqual([false]);
    expect(errors[0]?.error.message).toMatch(/401/);
  });

  it('an error event from the server ends the stream with that error', async () => {
    openai.onEvent = (event, socket) => {
      if (event.type === 'session.update') {
        socket.send(JSON.stringify({ type: 'error', event_id: 'evt_1', error: { type: 'invalid_request_error', code: 'invalid_value', message: "Invalid value: 'gpt-4o-mini-transcribe'." } }));
      }
    };
    const { recognizer, errors } = openaiStt();
    const stream = recognizer.stream();
    stream.pushFrame(rampFrame(1200, 24_000));
    expect(await collect(stream, () => false, 5000)).toEqual([]);
    expect(errors.map((error) => error.recoverable)).toEqual([false]);
    expect(errors[0]?.error.message).toBe("Invalid value: 'gpt-4o-mini-transcribe'.");
  });

  it('recognize(): POST /v1/audio/transcriptions, multipart WAV + model + response_format=json; returns the text', async () => {
    openai.replies.push(json(200, { text: 'What time is it?', usage: { type: 'tokens', input_tokens: 10, output_tokens: 5, total_tokens: 15 } }));
    const { recognizer } = openaiStt();
    const frame = rampFrame(8000, 16_000); // 500 ms at 16 kHz
    const event = await within(recognizer.recognize(frame), 10_000, 'recognize');

    expect(event.type).toBe(stt.SpeechEventType.FINAL_TRANSCRIPT);
    expect(event.alternatives?.[0].text).toBe('What time is it?');
    expect(event.alternatives?.[0].language).toBe('en');

    const [request] = openai.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/v1/audio/transcriptions');
    expect(request?.headers.authorization).toBe('Bearer sk-test');
    const form = await new Response(request?.body, { headers: { 'content-type': request?.headers['content-type'] ?? '' } }).formData();
    expect(form.get('model')).toBe('gpt-4o-mini-transcribe');
    expect(form.get('response_format')).toBe('json');
    expect(form.get('language')).toBe('en');
    const file = form.get('file');
    if (!(file instanceof File)) throw new Error('no file part');
    expect(file.name).toBe('audio.wav');
    const wav = Buffer.from(await file.arrayBuffer());
    expect(wav.subarray(0, 4).toString()).toBe('RIFF');
    expect(wav.readUInt32LE(24)).toBe(16_000); // sample rate in the fmt chunk
    expect(wav.subarray(44).equals(pcmBytes(frame))).toBe(true);
  });

  it('recognize(): a rejected key (401) rejects with a clear error after one request', async () => {
    openai.replies.push(json(401, { error: { message: 'Incorrect API key provided: sk-test', type: 'invalid_request_error', code: 'invalid_api_key' } }));
    const { recognizer } = openaiStt();
    const failure = await within(recognizer.recognize(rampFrame(1600, 16_000)).then(() => null, (error: unknown) => error), 10_000, 'recognize');
    expect(failure).toBeInstanceOf(Error);
    expect(String(failure)).toMatch(/401/);
    expect(openai.requests).toHaveLength(1);
  });
});
