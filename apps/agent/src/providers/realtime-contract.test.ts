import { initializeLogger, llm } from '@livekit/agents';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadAgentConfig } from '../config.js';
import type { LocalEngines } from '../session-factory.js';
import { ConversationScheduler, createTools } from '../tools/index.js';
import { LoopbackProvider, readAll, waitFor, within, type WsSocket } from './contract-kit.test-support.js';
import { createBrain } from './factory.js';

// Contract tests: the real OpenAI Realtime plugin, created by createBrain with
// PARLEY_LLM=openai-realtime, against a loopback WebSocket server that speaks the documented GA
// Realtime protocol (https://platform.openai.com/docs/api-reference/realtime-client-events and
// .../realtime-server-events): an upgrade to <base>/realtime?model=... with `Authorization: Bearer`,
// client `session.update` / `response.create` / `conversation.item.create`, and server
// `session.created`, `response.created`, `response.output_item.added`, audio + transcript deltas,
// `response.output_item.done`, `response.done` and `error`.

interface ClientEvent {
  type: string;
  event_id?: string;
  session?: { type?: string; instructions?: string; tools?: { type: string; name: string; parameters: { properties?: object } }[]; [field: string]: unknown };
  response?: { instructions?: string; metadata?: { client_event_id?: string } };
  item?: { type: string; call_id?: string; output?: string; [field: string]: unknown };
  [field: string]: unknown;
}
type ServerEvent = Record<string, unknown> & { type: string };
type RealtimeError = llm.RealtimeModelError;

/** An OpenAI Realtime stand-in: records client events; `onEvent` scripts the server side. */
class FakeRealtime extends LoopbackProvider {
  readonly events: ClientEvent[] = [];
  onEvent: (event: ClientEvent, socket: WsSocket) => void = () => undefined;

  constructor() {
    super();
    this.onConnection = (ws, upgrade) => {
      send(ws, { type: 'session.created', session: { type: 'realtime', id: 'sess_1', object: 'realtime.session', model: upgrade.query.get('model') } });
      ws.on('message', (data) => {
        const event = JSON.parse(data.toString()) as ClientEvent;
        this.events.push(event);
        this.onEvent(event, ws);
      });
    };
  }

  get baseUrl(): string {
    return this.url('/v1');
  }

  of(type: string): ClientEvent[] {
    return this.events.filter((event) => event.type === type);
  }
}

let nextEventId = 0;
function send(socket: WsSocket, event: ServerEvent): void {
  socket.send(JSON.stringify({ event_id: `event_${(nextEventId += 1)}`, ...event }));
}

/** 24 kHz 16-bit PCM of a recognisable ramp. */
function pcm(count: number): Buffer {
  const samples = new Int16Array(count);
  for (let i = 0; i < count; i += 1) samples[i] = (i * 53) % 16_000 - 8000;
  return Buffer.from(samples.buffer);
}

/** The documented event sequence of one spoken assistant reply: transcript deltas and audio deltas. */
function spokenReply(socket: WsSocket, request: ClientEvent, responseId: string, transcript: string[], audio: Buffer[]): void {
  const itemId = `item_${responseId}`;
  const ids = { response_id: responseId, item_id: itemId, output_index: 0, content_index: 0 };
  const metadata = request.response?.metadata ?? null;
  const full = transcript.join('');
  send(socket, { type: 'response.created', response: { id: responseId, object: 'realtime.response', status: 'in_progress', output: [], metadata } });
  send(socket, { type: 'conversation.item.added', previous_item_id: null, item: { id: itemId, type: 'message', role: 'assistant', status: 'in_progress', content: [] } });
  send(socket, { type: 'response.output_item.added', response_id: responseId, output_index: 0, item: { id: itemId, type: 'message', role: 'assistant', status: 'in_progress', content: [] } });
  send(socket, { type: 'response.content_part.added', ...ids, part: { type: 'audio', transcript: '' } });
  for (let i = 0; i < Math.max(transcript.length, audio.length); i += 1) {
    const text = transcript[i];
    const chunk = audio[i];
    if (text !== undefined) send(socket, { type: 'response.output_audio_transcript.delta', ...ids, delta: text });
    if (chunk !== undefined) send(socket, { type: 'response.output_audio.delta', ...ids, delta: chunk.toString('base64') });
  }
  send(socket, { type: 'response.output_audio.done', ...ids });
  send(socket, { type: 'response.output_audio_transcript.done', ...ids, transcript: full });
  send(socket, { type: 'response.content_part.done', ...ids, part: { type: 'audio', transcript: full } });
  const item = { id: itemId, type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_audio', transcript: full }] };
  send(socket, { type: 'response.output_item.done', response_id: responseId, output_index: 0, item });
  send(socket, { type: 'response.done', response: { id: responseId, object: 'realtime.response', status: 'completed', output: [item], metadata, usage: usage() } });
}

/** One function call as the whole response. */
function functionCallReply(socket: WsSocket, request: ClientEvent, responseId: string, call: { callId: string; name: string; arguments: string }): void {
  const metadata = request.response?.metadata ?? null;
  const item = { id: `item_${responseId}`, type: 'function_call', status: 'completed', call_id: call.callId, name: call.name, arguments: call.arguments };
  send(socket, { type: 'response.created', response: { id: responseId, object: 'realtime.response', status: 'in_progress', output: [], metadata } });
  send(socket, { type: 'response.output_item.added', response_id: responseId, output_index: 0, item: { ...item, status: 'in_progress', arguments: '' } });
  send(socket, { type: 'response.function_call_arguments.done', response_id: responseId, item_id: item.id, output_index: 0, call_id: call.callId, arguments: call.arguments });
  send(socket, { type: 'response.output_item.done', response_id: responseId, output_index: 0, item });
  send(socket, { type: 'response.done', response: { id: responseId, object: 'realtime.response', status: 'completed', output: [item], metadata, usage: usage() } });
}

const usage = (): object => ({ total_tokens: 30, input_tokens: 20, output_tokens: 10, input_token_details: { text_tokens: 20, audio_tokens: 0 }, output_token_details: { text_tokens: 4, audio_tokens: 6 } });

function realtimeModel(baseUrl: string): llm.RealtimeModel {
  const config = loadAgentConfig({
    LIVEKIT_URL: 'ws://127.0.0.1:7880',
    LIVEKIT_API_KEY: 'key',
    LIVEKIT_API_SECRET: 'secret',
    PARLEY_LLM: 'openai-realtime',
    OPENAI_API_KEY: 'sk-realtime-test',
    PARLEY_OPENAI_BASE_URL: baseUrl,
  });
  const brain = createBrain('openai-realtime', config, {} as LocalEngines, 'be brief');
  if (brain.kind !== 'realtime') throw new Error('expected a realtime model');
  return brain.model;
}

const INSTRUCTIONS = 'You are Parley, a voice assistant. Be brief.';
const tools = (): llm.ToolContextEntry[] =>
  createTools({ timezone: 'UTC', now: () => new Date(0), announce: () => undefined, schedule: (delayMs, callback) => new ConversationScheduler().schedule(delayMs, callback) });

let server: FakeRealtime;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(() => {
  initializeLogger({ pretty: false, level: 'fatal' });
});

beforeEach(async () => {
  server = new FakeRealtime();
  await server.start();
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup().catch(() => undefined);
  await server.stop();
});

/** A RealtimeSession on a fresh model, with its errors recorded; closed after the test. */
function openSession(): { session: llm.RealtimeSession; errors: RealtimeError[] } {
  const session = realtimeModel(server.baseUrl).session();
  const errors: RealtimeError[] = [];
  session.on('error', (error: RealtimeError) => errors.push(error));
  cleanups.push(() => session.close());
  return { session, errors };
}

describe('OpenAI Realtime contract', () => {
  it('connects to /v1/realtime?model=gpt-realtime with the key; session.update carries audio config, instructions and our tools', async () => {
    const { session } = openSession();
    await session.updateInstructions(INSTRUCTIONS);
    await session.updateTools(new llm.ToolContext(tools()));
    await waitFor(() => server.of('session.update').length >= 3);

    expect(server.upgrades).toHaveLength(1);
    const [upgrade] = server.upgrades;
    expect(upgrade?.path).toBe('/v1/realtime');
    expect(upgrade?.query.get('model')).toBe('gpt-realtime');
    expect(upgrade?.authorization).toBe('Bearer sk-realtime-test');

    const [initial, instructions, toolsUpdate] = server.of('session.update');
    expect(initial?.session).toMatchObject({
      type: 'realtime',
      model: 'gpt-realtime',
      output_modalities: ['audio'],
      audio: {
        input: { format: { type: 'audio/pcm', rate: 24_000 }, transcription: { model: 'gpt-4o-mini-transcribe' }, turn_detection: { type: 'semantic_vad' } },
        output: { format: { type: 'audio/pcm', rate: 24_000 }, voice: 'marin' },
      },
    });
    expect(instructions?.session).toEqual({ type: 'realtime', instructions: INSTRUCTIONS });
    const advertised = toolsUpdate?.session?.tools ?? [];
    expect(advertised.map((tool) => tool.name).sort()).toEqual(['calculate', 'get_current_time', 'set_timer']);
    expect(advertised.every((tool) => tool.type === 'function')).toBe(true);
    expect(Object.keys(advertised.find((tool) => tool.name === 'get_current_time')?.parameters.properties ?? {})).toContain('timezone');
  });

  it('generateReply sends response.create and surfaces the streamed transcript and audio of the reply', async () => {
    const audio = [pcm(2400), pcm(1200)];
    server.onEvent = (event, socket) => {
      if (event.type === 'response.create') spokenReply(socket, event, 'resp_1', ['Hello', ' from', ' Parley.'], audio);
    };
    const { session } = openSession();
    const generation = await within(session.generateReply(), 5000, 'generateReply');
    const messages = await readAll(generation.messageStream);

    expect(generation.userInitiated).toBe(true);
    expect(generation.responseId).toBe('resp_1');
    expect(messages.map((message) => message.messageId)).toEqual(['item_resp_1']);
    const [message] = messages;
    if (message === undefined) throw new Error('no message');
    const [text, frames, modalities] = await Promise.all([readAll(message.textStream), readAll(message.audioStream), message.modalities]);
    expect(text.map((chunk) => (typeof chunk === 'string' ? chunk : chunk.text)).join('')).toBe('Hello from Parley.');
    expect(modalities).toEqual(['audio', 'text']);
    expect(frames.map((frame) => [frame.sampleRate, frame.channels, frame.samplesPerChannel])).toEqual([
      [24_000, 1, 2400],
      [24_000, 1, 1200],
    ]);
    expect(Buffer.concat(frames.map((frame) => Buffer.from(frame.data.buffer, frame.data.byteOffset, frame.data.byteLength))).equals(Buffer.concat(audio))).toBe(true);
    expect(await readAll(generation.functionStream)).toEqual([]);

    const [create] = server.of('response.create');
    expect(create?.response?.metadata?.client_event_id).toBe(create?.event_id);
  });

  it('surfaces a function call from the response as a FunctionCall', async () => {
    server.onEvent = (event, socket) => {
      if (event.type === 'response.create') functionCallReply(socket, event, 'resp_1', { callId: 'call_1', name: 'get_current_time', arguments: '{"timezone":"Europe/Paris"}' });
    };
    const { session } = openSession();
    await session.updateTools(new llm.ToolContext(tools()));
    const generation = await within(session.generateReply(), 5000, 'generateReply');
    const [calls, messages] = await Promise.all([readAll(generation.functionStream), readAll(generation.messageStream)]);
    expect(messages).toEqual([]);
    expect(calls.map((call) => [call.callId, call.name, JSON.parse(call.args) as unknown])).toEqual([['call_1', 'get_current_time', { timezone: 'Europe/Paris' }]]);
  });

  it('an error event with a fatal code (invalid_api_key) ends the session with an unrecoverable error', async () => {
    server.onEvent = (event, socket) => {
      if (event.type === 'response.create') {
        send(socket, { type: 'error', error: { type: 'invalid_request_error', code: 'invalid_api_key', message: 'Incorrect API key provided.', event_id: event.event_id } });
      }
    };
    const { session, errors } = openSession();
    const outcome = await within(
      session.generateReply().then(
        () => 'resolved',
        (error: unknown) => String(error),
      ),
      5000,
      'generateReply',
    );
    expect(outcome).toMatch(/Incorrect API key provided/);
    await waitFor(() => errors.length > 0);
    expect(errors.map((error) => [error.recoverable, error.error.message])).toEqual([[false, 'Incorrect API key provided.']]);
  });

  it('a non-fatal error event rejects that reply and keeps the session usable', async () => {
    let attempt = 0;
    server.onEvent = (event, socket) => {
      if (event.type !== 'response.create') return;
      attempt += 1;
      if (attempt === 1) send(socket, { type: 'error', error: { type: 'server_error', code: 'server_error', message: 'The server had an error.', event_id: event.event_id } });
      else spokenReply(socket, event, 'resp_2', ['Back.'], [pcm(480)]);
    };
    const { session, errors } = openSession();
    const first = await within(session.generateReply().then(() => 'resolved', (error: unknown) => String(error)), 5000, 'first reply');
    expect(first).toMatch(/The server had an error/);
    expect(errors.map((error) => error.recoverable)).toEqual([true]);
    const second = await within(session.generateReply(), 5000, 'second reply');
    const [message] = await readAll(second.messageStream);
    expect(message?.messageId).toBe('item_resp_2');
  });

  it('a socket closed mid-reply ends the reply streams instead of hanging, and the session reconnects', async () => {
    let connections = 0;
    server.onEvent = (event, socket) => {
      if (event.type === 'session.update' && event.session?.instructions === undefined && event.session?.tools === undefined) connections += 1;
      if (event.type !== 'response.create') return;
      const metadata = event.response?.metadata ?? null;
      send(socket, { type: 'response.created', response: { id: 'resp_1', object: 'realtime.response', status: 'in_progress', output: [], metadata } });
      send(socket, { type: 'response.output_item.added', response_id: 'resp_1', output_index: 0, item: { id: 'item_1', type: 'message', role: 'assistant', content: [] } });
      send(socket, { type: 'response.output_audio_transcript.delta', response_id: 'resp_1', item_id: 'item_1', output_index: 0, content_index: 0, delta: 'Half a sen' });
      setTimeout(() => socket.terminate(), 50);
    };
    const { session } = openSession();
    const generation = await within(session.generateReply(), 5000, 'generateReply');
    const [message] = await readAll(generation.messageStream);
    if (message === undefined) throw new Error('no message');
    const text = await readAll(message.textStream);
    expect(text).toEqual(['Half a sen']);
    // The plugin reconnects and replays its session.update.
    await waitFor(() => server.upgrades.length === 2 && connections === 2);
  });

  // Known upstream bug (plugin-openai 1.9.0, RealtimeSession.close): it awaits `this.#task` (a Task,
  // not its `.result`) and never cancels it, so the send loop stays parked on the empty message
  // queue and the WebSocket stays open after close() until the server drops it or
  // maxSessionDuration (20 min) passes. Expected to fail until the plugin is patched.
  it.fails('close() closes the WebSocket', async () => {
    const { session } = openSession();
    await waitFor(() => server.open.size === 1);
    await within(session.close(), 5000, 'close');
    await waitFor(() => server.open.size === 0, 2000);
  });

});
