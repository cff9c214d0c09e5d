import { APIStatusError, initializeLogger, stt } from '@livekit/agents';
import { AudioFrame } from '@livekit/rtc-node';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadAgentConfig } from '../config.js';
import type { LocalEngines } from '../session-factory.js';
import { LoopbackProvider, readAll, type WsSocket } from './contract-kit.test-support.js';
import { createStt } from './factory.js';

// Contract test: the real Deepgram plugin (created by createStt with PARLEY_STT=deepgram) streams
// audio to a loopback WebSocket server that speaks Deepgram's live-transcription protocol
// (https://developers.deepgram.com/reference/speech-to-text/listen-streaming and
// https://developers.deepgram.com/docs/understand-endpointing-interim-results): an upgrade to
// /v1/listen with the options as query parameters and `Authorization: Token <key>`, binary
// linear16 audio up, `Results` JSON down (is_final / speech_final), `Finalize` / `CloseStream`
// control messages, and a rejected key answered with HTTP 401 on the upgrade.

type SttError = Parameters<stt.STTCallbacks['error']>[0];

/** One Deepgram stand-in: records audio bytes and control messages; the test scripts the rest. */
class FakeDeepgram extends LoopbackProvider {
  readonly audio: Buffer[] = [];
  readonly control: { type: string }[] = [];
  onSocket: (socket: WsSocket) => void = () => undefined;

  constructor() {
    super();
    this.onConnection = (ws) => {
      ws.on('message', (data, isBinary) => {
        if (isBinary) this.audio.push(data);
        else this.control.push(JSON.parse(data.toString()) as { type: string });
      });
      this.onSocket(ws);
    };
  }

  /** An http:// base, as PARLEY_DEEPGRAM_BASE_URL's validation asks for; the plugin's default is wss://api.deepgram.com. */
  get baseUrl(): string {
    return this.url();
  }

  /** Refuses the next upgrade as Deepgram refuses bad credentials. */
  refuse(status: number): void {
    this.refusals.push({ status, body: { err_code: 'INVALID_AUTH', err_msg: 'Invalid credentials.' } });
  }
}

/** A Deepgram live `Results` message as documented (one alternative, word timings). */
function results(transcript: string, flags: { isFinal: boolean; speechFinal: boolean }): string {
  const words = transcript.split(' ').map((word, index) => ({
    word: word.toLowerCase().replace(/[^a-z]/g, ''),
    punctuated_word: word,
    start: 0.1 + index * 0.3,
    end: 0.35 + index * 0.3,
    confidence: 0.98,
  }));
  return JSON.stringify({
    type: 'Results',
    channel_index: [0, 1],
    duration: 0.3,
    start: 0,
    is_final: flags.isFinal,
    speech_final: flags.speechFinal,
    from_finalize: false,
    channel: { alternatives: [{ transcript, confidence: 0.97, words }] },
    metadata: { request_id: 'req-123', model_info: { name: 'general-nova-3', version: '1', arch: 'nova-3' }, model_uuid: 'uuid' },
  });
}

const SAMPLE_RATE = 16_000;

/** 100 ms of a 440 Hz tone (loud enough for the plugin's energy filter), sample i offset by `phase`. */
function toneFrame(phase: number): AudioFrame {
  const samples = new Int16Array(SAMPLE_RATE / 10);
  for (let i = 0; i < samples.length; i += 1) samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * (phase + i)) / SAMPLE_RATE));
  return new AudioFrame(samples, SAMPLE_RATE, 1, samples.length);
}

function deepgramStt(baseUrl: string, apiKey = 'dg-test-key'): stt.STT {
  const config = loadAgentConfig({
    LIVEKIT_URL: 'ws://127.0.0.1:7880',
    LIVEKIT_API_KEY: 'key',
    LIVEKIT_API_SECRET: 'secret',
    PARLEY_STT: 'deepgram',
    DEEPGRAM_API_KEY: apiKey,
    PARLEY_DEEPGRAM_BASE_URL: baseUrl,
  });
  const choice = config.providers.stt;
  if (choice === null) throw new Error('expected an STT choice');
  return createStt(choice, config, {} as LocalEngines);
}

/** Reads events until the stream ends or `stop` says so; fails instead of hanging. */
function collect(stream: stt.SpeechStream, stop: (event: stt.SpeechEvent) => boolean, timeoutMs = 10_000): Promise<stt.SpeechEvent[]> {
  return readAll(stream, { stop, timeoutMs });
}

let deepgram: FakeDeepgram;
const openStreams: stt.SpeechStream[] = [];

/** A stream from a fresh STT, with its errors recorded; closed after the test whatever happens. */
function openStream(apiKey?: string): { stream: stt.SpeechStream; errors: SttError[] } {
  const recognizer = deepgramStt(deepgram.baseUrl, apiKey);
  const errors: SttError[] = [];
  recognizer.on('error', (error) => errors.push(error));
  const stream = recognizer.stream();
  openStreams.push(stream);
  return { stream, errors };
}

beforeAll(() => {
  initializeLogger({ pretty: false, level: 'fatal' });
});

beforeEach(async () => {
  deepgram = new FakeDeepgram();
  await deepgram.start();
});

afterEach(async () => {
  for (const stream of openStreams.splice(0)) stream.close();
  await deepgram.stop();
});

describe('Deepgram live transcription contract', () => {
  it('upgrades to /v1/listen with the model, audio format and key; streams audio; parses interim and final Results', async () => {
    deepgram.onSocket = (socket) => {
      // Interim once audio arrives, the final (with endpoint) after the client's Finalize,
      // and Metadata + close after CloseStream, as Deepgram does.
      let interimSent = false;
      socket.on('message', (data, isBinary) => {
        if (isBinary && !interimSent) {
          interimSent = true;
          socket.send(results('hello', { isFinal: false, speechFinal: false }));
          return;
        }
        if (isBinary) return;
        const message = JSON.parse(data.toString()) as { type: string };
        if (message.type === 'Finalize') socket.send(results('Hello, world.', { isFinal: true, speechFinal: true }));
        if (message.type === 'CloseStream') {
          socket.send(JSON.stringify({ type: 'Metadata', request_id: 'req-123', duration: 0.3, channels: 1 }));
          socket.close(1000);
        }
      });
    };

    const { stream, errors } = openStream();
    const frames = [toneFrame(0), toneFrame(1600), toneFrame(3200)];
    for (const frame of frames) stream.pushFrame(frame);
    stream.flush();
    const events = await collect(stream, (event) => event.type === stt.SpeechEventType.END_OF_SPEECH);
    stream.endInput();
    await collect(stream, () => false); // the rest: ends once the server closes after CloseStream

    const transcripts = events.filter((event) => event.type === stt.SpeechEventType.INTERIM_TRANSCRIPT || event.type === stt.SpeechEventType.FINAL_TRANSCRIPT);
    expect(transcripts.map((event) => [stt.SpeechEventType[event.type], event.alternatives?.[0].text])).toEqual([
      ['INTERIM_TRANSCRIPT', 'hello'],
      ['FINAL_TRANSCRIPT', 'Hello, world.'],
    ]);
    const speechEvents = events.map((event) => event.type).filter((type) => type !== stt.SpeechEventType.RECOGNITION_USAGE);
    expect(speechEvents[0]).toBe(stt.SpeechEventType.START_OF_SPEECH);
    expect(speechEvents.at(-1)).toBe(stt.SpeechEventType.END_OF_SPEECH);
    const final = transcripts[1]?.alternatives?.[0];
    // smart_format is on, so word texts are the punctuated ones.
    expect(final?.words?.map((word) => word.text)).toEqual(['Hello,', 'world.']);
    expect(final?.confidence).toBe(0.97);
    expect(final?.language).toBe('en-US');
    expect(errors).toEqual([]);

    expect(deepgram.upgrades).toHaveLength(1);
    const [upgrade] = deepgram.upgrades;
    expect(upgrade?.path).toBe('/v1/listen');
    expect(upgrade?.authorization).toBe('Token dg-test-key');
    expect(upgrade?.query.get('model')).toBe('nova-3');
    expect(upgrade?.query.get('encoding')).toBe('linear16');
    expect(upgrade?.query.get('sample_rate')).toBe('16000');
    expect(upgrade?.query.get('channels')).toBe('1');
    expect(upgrade?.query.get('interim_results')).toBe('true');
    expect(upgrade?.query.get('language')).toBe('en-US');
    expect(upgrade?.query.get('smart_format')).toBe('true');

    // The audio arrives as raw little-endian 16-bit PCM, byte for byte what was pushed.
    const pushed = Buffer.concat(frames.map((frame) => Buffer.from(frame.data.buffer, frame.data.byteOffset, frame.data.byteLength)));
    expect(Buffer.concat(deepgram.audio).equals(pushed)).toBe(true);
    expect(deepgram.control.map((message) => message.type).filter((type) => type !== 'KeepAlive')).toEqual(['Finalize', 'CloseStream']);
  });

  it('a rejected key (401 on the upgrade) ends the stream with an unrecoverable error', async () => {
    deepgram.refuse(401);
    const { stream, errors } = openStream('wrong-key');
    stream.pushFrame(toneFrame(0));
    const events = await collect(stream, () => false, 5000);

    expect(events.filter((event) => event.type !== stt.SpeechEventType.RECOGNITION_USAGE)).toEqual([]);
    expect(deepgram.upgrades.map((upgrade) => upgrade.authorization)).toEqual(['Token wrong-key']);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.recoverable).toBe(false);
    expect(errors[0]?.error).toBeInstanceOf(APIStatusError);
    expect((errors[0]?.error as APIStatusError).statusCode).toBe(401);
    expect(errors[0]?.error.message).toMatch(/Deepgram WebSocket connection rejected with status 401/);
  });

  // Upstream bug in plugin-deepgram 1.9.0 (SpeechStream.#runWS awaited the close-monitor Task, not
  // its result, so a dropped connection was only logged): fixed by patches/@livekit+agents-plugin-deepgram+1.9.0.patch.
  it('a dropped connection is retried, and a refused reconnection ends the stream with an error', async () => {
    // The first connection is accepted and dropped at once; the reconnection is refused.
    deepgram.onSocket = (socket) => {
      deepgram.refuse(403);
      socket.close(1011);
    };
    const { stream, errors } = openStream();
    stream.pushFrame(toneFrame(0));
    await collect(stream, () => false, 3000);

    expect(deepgram.upgrades).toHaveLength(2);
    expect(errors.map((error) => [error.recoverable, (error.error as APIStatusError).statusCode])).toEqual([[false, 403]]);
  });
});
