import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { APIError, initializeLogger, llm, voice } from '@livekit/agents';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadAgentConfig } from '../config.js';
import { APOLOGY, apologyOnLanguageModelFailure } from '../conversation-recovery.js';
import type { LocalEngines } from '../session-factory.js';
import { ConversationScheduler, createTools } from '../tools/index.js';
import { waitFor } from './contract-kit.test-support.js';
import { createBrain } from './factory.js';

// Contract tests: the real OpenAI plugin talks to a loopback server that speaks the documented
// chat-completions wire format (SSE stream of chat.completion.chunk objects, tool_calls deltas).

interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

type LLMError = Parameters<llm.LLMCallbacks['error']>[0];

type Reply = (response: ServerResponse) => void;

let server: Server;
let baseUrl: string;
const requests: RecordedRequest[] = [];
let replies: Reply[] = [];

function sse(events: object[]): Reply {
  return (response) => {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const event of events) response.write(`data: ${JSON.stringify(event)}\n\n`);
    response.end('data: [DONE]\n\n');
  };
}

const chunk = (delta: object, finish: string | null = null): object => ({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'scripted',
  choices: [{ index: 0, delta, finish_reason: finish }],
});

beforeAll(async () => {
  initializeLogger({ pretty: false, level: 'fatal' });
  server = createServer((request, response) => {
    let raw = '';
    request.on('data', (data: Buffer) => (raw += data.toString()));
    request.on('end', () => {
      requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {} });
      const reply = replies.shift();
      if (reply) reply(response);
      // No scripted reply: hang, so the client's timeout is what ends the request.
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  requests.length = 0;
  replies = [];
});

function compatibleBrain(): llm.LLM {
  const config = loadAgentConfig({
    LIVEKIT_URL: 'ws://127.0.0.1:7880',
    LIVEKIT_API_KEY: 'key',
    LIVEKIT_API_SECRET: 'secret',
    PARLEY_LLM: 'openai-compatible',
    PARLEY_OPENAI_COMPATIBLE_BASE_URL: baseUrl,
    PARLEY_OPENAI_COMPATIBLE_MODEL: 'qwen2.5:0.5b',
    PARLEY_OPENAI_COMPATIBLE_API_KEY: 'test-key',
  });
  const brain = createBrain('openai-compatible', config, {} as LocalEngines, 'be brief');
  if (brain.kind !== 'pipeline') throw new Error('expected a pipeline LLM');
  return brain.llm;
}

const tools = createTools({ timezone: 'UTC', now: () => new Date(0), announce: () => undefined, schedule: (delayMs, callback) => new ConversationScheduler().schedule(delayMs, callback) });

/** Runs one turn that is expected to fail; returns the errors the LLM reported (what the session sees). */
async function failedTurn(connOptions: { maxRetry: number; retryIntervalMs: number; timeoutMs: number }): Promise<LLMError[]> {
  const brain = compatibleBrain();
  const errors: LLMError[] = [];
  brain.on('error', (error) => errors.push(error));
  const response = await brain.chat({ chatCtx: conversation(), connOptions }).collect().catch(() => null);
  expect(response?.text ?? '').toBe('');
  return errors;
}

function conversation(): llm.ChatContext {
  const chatCtx = llm.ChatContext.empty();
  chatCtx.addMessage({ role: 'system', content: 'be brief' });
  chatCtx.addMessage({ role: 'user', content: 'what time is it' });
  return chatCtx;
}

describe('OpenAI-compatible chat completions contract', () => {
  it('sends model, messages and tool schemas, and parses streamed text and tool-call deltas', async () => {
    replies.push(
      sse([
        chunk({ role: 'assistant', content: '' }),
        chunk({ content: 'Let me ' }),
        chunk({ content: 'check.' }),
        chunk({ tool_calls: [{ index: 0, id: 'call_abc', type: 'function', function: { name: 'get_current_time', arguments: '' } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '{"timez' } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: 'one":"UTC"}' } }] }),
        chunk({}, 'tool_calls'),
      ]),
    );
    const response = await compatibleBrain().chat({ chatCtx: conversation(), toolCtx: tools }).collect();

    expect(response.text).toBe('Let me check.');
    expect(response.toolCalls).toHaveLength(1);
    expect(response.toolCalls[0]!.name).toBe('get_current_time');
    expect(JSON.parse(response.toolCalls[0]!.args)).toEqual({ timezone: 'UTC' });

    const [request] = requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/v1/chat/completions');
    expect(request?.headers.authorization).toBe('Bearer test-key');
    expect(request?.body.model).toBe('qwen2.5:0.5b');
    expect(request?.body.stream).toBe(true);
    const messages = request?.body.messages as { role: string; content: unknown }[];
    expect(messages.map((message) => message.role)).toEqual(['system', 'user']);
    const advertised = (request?.body.tools as { type: string; function: { name: string; parameters: { properties: object } } }[]).map((tool) => tool.function.name);
    expect(advertised.sort()).toEqual(['calculate', 'get_current_time', 'set_timer']);
  });

  it('sends the tool result back as a tool message on the next request', async () => {
    replies.push(sse([chunk({ role: 'assistant', content: 'It is noon.' }, 'stop')]));
    const chatCtx = conversation();
    const call = llm.FunctionCall.create({ callId: 'call_abc', name: 'get_current_time', args: '{}' });
    chatCtx.insert(call);
    chatCtx.insert(llm.FunctionCallOutput.create({ callId: 'call_abc', name: 'get_current_time', output: '{"spoken":"noon"}', isError: false }));
    const response = await compatibleBrain().chat({ chatCtx, toolCtx: tools }).collect();
    expect(response.text).toBe('It is noon.');
    const messages = requests[0]?.body.messages as { role: string; tool_call_id?: string; tool_calls?: { id: string }[] }[];
    expect(messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'tool']);
    expect(messages[2]?.tool_calls?.[0]?.id).toBe('call_abc');
    expect(messages[3]?.tool_call_id).toBe('call_abc');
  });

  it('fails fast on 401 without retrying', async () => {
    replies.push((response) => {
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } }));
    });
    const errors = await failedTurn({ maxRetry: 2, retryIntervalMs: 10, timeoutMs: 5000 });
    expect(requests).toHaveLength(1);
    expect(errors.map((error) => error.recoverable)).toEqual([false]);
    expect(errors[0]?.error).toBeInstanceOf(APIError);
    expect(String(errors[0]?.error)).toMatch(/401/);
  });

  it('retries a 500 once, then gives up with an error', async () => {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      replies.push((response) => {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { message: 'boom' } }));
      });
    }
    const errors = await failedTurn({ maxRetry: 1, retryIntervalMs: 10, timeoutMs: 5000 });
    expect(requests).toHaveLength(2);
    expect(errors.map((error) => error.recoverable)).toEqual([true, false]);
  });

  it('times out a server that never answers', async () => {
    const errors = await failedTurn({ maxRetry: 0, retryIntervalMs: 10, timeoutMs: 300 });
    expect(requests).toHaveLength(1);
    expect(errors.map((error) => error.recoverable)).toEqual([false]);
    expect(String(errors[0]?.error)).toMatch(/timed? ?out/i);
  });

  it('a failing model turn ends in a spoken apology, and the session stays open', async () => {
    for (let attempt = 0; attempt < 4; attempt += 1) {
      replies.push((response) => {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { message: 'boom' } }));
      });
    }
    const session = new voice.AgentSession({ llm: compatibleBrain(), connOptions: { llmConnOptions: { maxRetry: 0, retryIntervalMs: 10, timeoutMs: 2000 } } });
    const logged: string[] = [];
    const logger = { error: (..._args: unknown[]) => logged.push('error'), warn: () => undefined } as unknown as Parameters<typeof apologyOnLanguageModelFailure>[1];
    session.on(voice.AgentSessionEventTypes.Error, apologyOnLanguageModelFailure(session, logger));
    await session.start({ agent: new voice.Agent({ instructions: 'be brief' }) });
    await session.run({ userInput: 'hello' }).wait().catch(() => undefined);
    await waitFor(() => session.history.items.some((item) => item.type === 'message' && item.role === 'assistant' && item.textContent === APOLOGY), 10_000);
    expect(logged.length).toBeGreaterThan(0);
    // A second turn still gets an answer: the room is not dead.
    replies.length = 0;
    replies.push(sse([chunk({ role: 'assistant', content: 'Back again.' }, 'stop')]));
    await session.run({ userInput: 'are you there' }).wait();
    const assistantTexts = session.history.items.filter((item) => item.type === 'message' && item.role === 'assistant').map((item) => (item.type === 'message' ? item.textContent : ''));
    expect(assistantTexts).toContain('Back again.');
    await session.close();
  }, 30_000);
});
