import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { initializeLogger, llm } from '@livekit/agents';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadAgentConfig } from '../config.js';
import type { LocalEngines } from '../session-factory.js';
import { ConversationScheduler, createTools } from '../tools/index.js';
import { createBrain } from './factory.js';

// Contract test: the real Gemini plugin (@google/genai underneath) against a loopback server that
// speaks the documented streamGenerateContent SSE format, including functionCall parts.

interface RecordedRequest {
  url: string;
  headers: IncomingMessage['headers'];
  body: { contents?: { role: string; parts: Record<string, unknown>[] }[]; tools?: { functionDeclarations?: { name: string }[] }[]; systemInstruction?: unknown };
}
type Reply = (response: ServerResponse) => void;
type LLMError = Parameters<llm.LLMCallbacks['error']>[0];

let server: Server;
let baseUrl: string;
const requests: RecordedRequest[] = [];
let replies: Reply[] = [];

function sse(events: object[]): Reply {
  return (response) => {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const event of events) response.write(`data: ${JSON.stringify(event)}\r\n\r\n`);
    response.end();
  };
}
const candidate = (parts: object[], finishReason?: string): object => ({
  candidates: [{ content: { role: 'model', parts }, index: 0, ...(finishReason ? { finishReason } : {}) }],
  modelVersion: 'scripted',
});

beforeAll(async () => {
  initializeLogger({ pretty: false, level: 'fatal' });
  server = createServer((request, response) => {
    let raw = '';
    request.on('data', (data: Buffer) => (raw += data.toString()));
    request.on('end', () => {
      requests.push({ url: request.url ?? '', headers: request.headers, body: raw ? (JSON.parse(raw) as RecordedRequest['body']) : {} });
      replies.shift()?.(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  requests.length = 0;
  replies = [];
});

function geminiBrain(): llm.LLM {
  const config = loadAgentConfig({
    LIVEKIT_URL: 'ws://127.0.0.1:7880',
    LIVEKIT_API_KEY: 'key',
    LIVEKIT_API_SECRET: 'secret',
    PARLEY_LLM: 'gemini',
    GOOGLE_API_KEY: 'test-google-key',
    PARLEY_GEMINI_BASE_URL: baseUrl,
    PARLEY_GEMINI_MODEL: 'gemini-2.5-flash',
  });
  const brain = createBrain('gemini', config, {} as LocalEngines, 'be brief');
  if (brain.kind !== 'pipeline') throw new Error('expected a pipeline LLM');
  return brain.llm;
}

const tools = createTools({ timezone: 'UTC', now: () => new Date(0), announce: () => undefined, schedule: (delayMs, callback) => new ConversationScheduler().schedule(delayMs, callback) });

function conversation(): llm.ChatContext {
  const chatCtx = llm.ChatContext.empty();
  chatCtx.addMessage({ role: 'system', content: 'be brief' });
  chatCtx.addMessage({ role: 'user', content: 'what time is it in Paris' });
  return chatCtx;
}

describe('Gemini streamGenerateContent contract', () => {
  it('sends contents, system instruction and function declarations; parses streamed text and function calls', async () => {
    replies.push(
      sse([
        candidate([{ text: 'Checking ' }]),
        candidate([{ text: 'now.' }]),
        candidate([{ functionCall: { name: 'get_current_time', args: { timezone: 'Europe/Paris' } } }], 'STOP'),
      ]),
    );
    const response = await geminiBrain().chat({ chatCtx: conversation(), toolCtx: tools }).collect();
    expect(response.text).toBe('Checking now.');
    expect(response.toolCalls.map((call) => call.name)).toEqual(['get_current_time']);
    expect(JSON.parse(response.toolCalls[0]!.args)).toEqual({ timezone: 'Europe/Paris' });

    const [request] = requests;
    expect(request?.url).toMatch(/^\/v1beta\/models\/gemini-2\.5-flash:streamGenerateContent\?alt=sse/);
    expect(request?.headers['x-goog-api-key']).toBe('test-google-key');
    expect(JSON.stringify(request?.body.systemInstruction)).toContain('be brief');
    expect(request?.body.contents?.map((content) => content.role)).toEqual(['user']);
    const declared = (request?.body.tools ?? []).flatMap((tool) => tool.functionDeclarations ?? []).map((declaration) => declaration.name);
    expect(declared.sort()).toEqual(['calculate', 'get_current_time', 'set_timer']);
  });

  it('reports a rejected key as an unrecoverable error instead of hanging', async () => {
    replies.push((response) => {
      response.writeHead(403, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { code: 403, message: 'API key not valid', status: 'PERMISSION_DENIED' } }));
    });
    const brain = geminiBrain();
    const errors: LLMError[] = [];
    brain.on('error', (error) => errors.push(error));
    await brain.chat({ chatCtx: conversation(), connOptions: { maxRetry: 0, retryIntervalMs: 10, timeoutMs: 5000 } }).collect().catch(() => null);
    expect(requests).toHaveLength(1);
    expect(errors.at(-1)?.recoverable).toBe(false);
  });
});
