import { initializeLogger, llm } from '@livekit/agents';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadAgentConfig } from '../config.js';
import type { LocalEngines } from '../session-factory.js';
import { ConversationScheduler, createTools } from '../tools/index.js';
import { LoopbackProvider, readAll, waitFor, within, type WsSocket } from './contract-kit.test-support.js';
import { createBrain } from './factory.js';

// Contract tests: the real Gemini Live plugin (through @google/genai), created by createBrain with
// PARLEY_LLM=gemini-live, against a loopback WebSocket server that speaks the documented Live API
// (https://ai.google.dev/api/live): an upgrade to
// /ws/google.ai.generativelanguage.<version>.GenerativeService.BidiGenerateContent?key=..., a first
// client `setup` message answered by `setupComplete`, client `clientContent` / `realtimeInput` /
// `toolResponse`, and server `serverContent` (modelTurn parts with inline 24 kHz PCM,
// outputTranscription, turnComplete) and `toolCall`.

interface FunctionDeclaration {
  name: string;
  parameters?: { properties?: Record<string, unknown> };
  parametersJsonSchema?: { properties?: Record<string, unknown> };
}
interface ClientMessage {
  setup?: {
    model?: string;
    generationConfig?: { responseModalities?: string[] };
    systemInstruction?: { parts?: { text?: string }[] };
    tools?: { functionDeclarations?: FunctionDeclaration[] }[];
    [field: string]: unknown;
  };
  clientContent?: { turns?: { role?: string; parts?: { text?: string }[] }[]; turnComplete?: boolean };
  realtimeInput?: Record<string, unknown>;
  toolResponse?: { functionResponses?: { id?: string; name?: string; response?: unknown }[] };
}

/** A Live API stand-in: records client messages, answers `setup`; `onMessage` scripts the rest. */
class FakeGeminiLive extends LoopbackProvider {
  readonly messages: ClientMessage[] = [];
  onMessage: (message: ClientMessage, socket: WsSocket) => void = () => undefined;

  constructor() {
    super();
    this.onConnection = (ws) => {
      ws.on('message', (data) => {
        const message = JSON.parse(data.toString()) as ClientMessage;
        this.messages.push(message);
        if (message.setup) send(ws, { setupComplete: {} });
        this.onMessage(message, ws);
      });
    };
  }

  get baseUrl(): string {
    return this.url();
  }

  of<K extends keyof ClientMessage>(kind: K): NonNullable<ClientMessage[K]>[] {
    return this.messages.flatMap((message) => (message[kind] === undefined ? [] : [message[kind] as NonNullable<ClientMessage[K]>]));
  }
}

function send(socket: WsSocket, message: object): void {
  socket.send(JSON.stringify(message));
}

/** 24 kHz 16-bit PCM of a recognisable ramp. */
function pcm(count: number): Buffer {
  const samples = new Int16Array(count);
  for (let i = 0; i < count; i += 1) samples[i] = ((i * 53) % 16_000) - 8000;
  return Buffer.from(samples.buffer);
}

/** One spoken model turn as the Live API streams it: audio parts, transcript pieces, turn complete. */
function spokenTurn(socket: WsSocket, transcript: string[], audio: Buffer[]): void {
  for (let i = 0; i < Math.max(transcript.length, audio.length); i += 1) {
    const chunk = audio[i];
    const text = transcript[i];
    if (chunk !== undefined) send(socket, { serverContent: { modelTurn: { role: 'model', parts: [{ inlineData: { mimeType: 'audio/pcm;rate=24000', data: chunk.toString('base64') } }] } } });
    if (text !== undefined) send(socket, { serverContent: { outputTranscription: { text } } });
  }
  send(socket, { serverContent: { generationComplete: true } });
  send(socket, { serverContent: { turnComplete: true } });
}

const LIVE_MODEL = 'gemini-2.5-flash-native-audio-preview-09-2025';

function liveModel(baseUrl: string): llm.RealtimeModel {
  const config = loadAgentConfig({
    LIVEKIT_URL: 'ws://127.0.0.1:7880',
    LIVEKIT_API_KEY: 'key',
    LIVEKIT_API_SECRET: 'secret',
    PARLEY_LLM: 'gemini-live',
    GOOGLE_API_KEY: 'gemini-live-test-key',
    PARLEY_GEMINI_BASE_URL: baseUrl,
  });
  const brain = createBrain('gemini-live', config, {} as LocalEngines, 'You are Parley. Be brief.');
  if (brain.kind !== 'realtime') throw new Error('expected a realtime model');
  return brain.model;
}

const tools = (): llm.ToolContextEntry[] =>
  createTools({ timezone: 'UTC', now: () => new Date(0), announce: () => undefined, schedule: (delayMs, callback) => new ConversationScheduler().schedule(delayMs, callback) });

let server: FakeGeminiLive;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(() => {
  initializeLogger({ pretty: false, level: 'fatal' });
});

beforeEach(async () => {
  server = new FakeGeminiLive();
  await server.start();
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await within(cleanup(), 5000, 'close').catch(() => undefined);
  await server.stop();
});

function openSession(): { session: llm.RealtimeSession; errors: llm.RealtimeModelError[] } {
  const session = liveModel(server.baseUrl).session();
  const errors: llm.RealtimeModelError[] = [];
  session.on('error', (error: llm.RealtimeModelError) => errors.push(error));
  cleanups.push(() => session.close());
  return { session, errors };
}

describe('Gemini Live contract', () => {
  it('connects to BidiGenerateContent with the key; setup carries the model, audio output, instructions and our tools', async () => {
    const { session } = openSession();
    await session.updateTools(new llm.ToolContext(tools()));
    // A tool update reconnects with a new setup; the last setup is what the session runs with.
    await waitFor(() => server.of('setup').some((setup) => (setup.tools ?? []).length > 0));

    const [upgrade] = server.upgrades;
    expect(upgrade?.path).toMatch(/^\/ws\/google\.ai\.generativelanguage\.v1\w*\.GenerativeService\.BidiGenerateContent$/);
    expect(upgrade?.query.get('key')).toBe('gemini-live-test-key');

    const setup = server.of('setup').at(-1);
    expect(setup?.model).toBe(`models/${LIVE_MODEL}`);
    expect(setup?.generationConfig?.responseModalities).toEqual(['AUDIO']);
    expect((setup?.systemInstruction?.parts ?? []).map((part) => part.text).join(' ')).toContain('You are Parley. Be brief.');
    const declarations = (setup?.tools ?? []).flatMap((tool) => tool.functionDeclarations ?? []);
    expect(declarations.map((declaration) => declaration.name).sort()).toEqual(['calculate', 'get_current_time', 'set_timer']);
    const timeTool = declarations.find((declaration) => declaration.name === 'get_current_time');
    expect(Object.keys(timeTool?.parameters?.properties ?? timeTool?.parametersJsonSchema?.properties ?? {})).toContain('timezone');
  });

  it('generateReply sends a complete client turn and surfaces the streamed transcript and 24 kHz audio', async () => {
    const audio = [pcm(2400), pcm(1200)];
    server.onMessage = (message, socket) => {
      if (message.clientContent?.turnComplete === true) spokenTurn(socket, ['Hello', ' from', ' Gemini.'], audio);
    };
    const { session } = openSession();
    const generation = await within(session.generateReply(), 5000, 'generateReply');
    const [message] = await readAll(generation.messageStream);
    if (message === undefined) throw new Error('no message');
    const [text, frames] = await Promise.all([readAll(message.textStream), readAll(message.audioStream)]);

    expect(text.map((chunk) => (typeof chunk === 'string' ? chunk : chunk.text)).join('')).toBe('Hello from Gemini.');
    expect(frames.every((frame) => frame.sampleRate === 24_000 && frame.channels === 1)).toBe(true);
    const received = Buffer.concat(frames.map((frame) => Buffer.from(frame.data.buffer, frame.data.byteOffset, frame.data.byteLength)));
    expect(received.equals(Buffer.concat(audio))).toBe(true);
    expect(await readAll(generation.functionStream)).toEqual([]);
  });

  it('surfaces a toolCall as a FunctionCall with its id, name and arguments', async () => {
    server.onMessage = (message, socket) => {
      if (message.clientContent?.turnComplete === true) {
        send(socket, { toolCall: { functionCalls: [{ id: 'fc_1', name: 'get_current_time', args: { timezone: 'Europe/Paris' } }] } });
        send(socket, { serverContent: { turnComplete: true } });
      }
    };
    const { session } = openSession();
    await session.updateTools(new llm.ToolContext(tools()));
    const generation = await within(session.generateReply(), 5000, 'generateReply');
    const calls = await readAll(generation.functionStream);
    expect(calls.map((call) => [call.callId, call.name, JSON.parse(call.args) as unknown])).toEqual([['fc_1', 'get_current_time', { timezone: 'Europe/Paris' }]]);
  });

  it('a connection the server closes with an error code ends the session with an unrecoverable error naming the reason', async () => {
    server.onMessage = (message, socket) => {
      if (message.setup) socket.close(1008, 'API key not valid. Please pass a valid API key.');
    };
    const { errors } = openSession();
    await waitFor(() => errors.length > 0);
    expect(errors[0]?.recoverable).toBe(false);
    expect(errors[0]?.error.message).toMatch(/API key not valid/);
  });
});
