import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { RunningStack } from '@parley/launcher';
import { HeadlessUser, SPEECH_RMS_THRESHOLD } from '@parley/test-harness/headless-user';
import { resultsDir } from './harness/paths.js';
import { speechWav } from './harness/speech.js';
import { requestToken, startTestStack } from './harness/stack.js';

/*
 * The assistant's brain through a real room, with a SCRIPTED LLM ENDPOINT: no real instruct model
 * with tool calling is installable here, so the agent runs its real openai-compatible provider
 * against a loopback server that speaks the chat-completions wire format and decides by rule:
 * a question about the time → a get_current_time tool call; arithmetic → a calculate call; a tool
 * result → a sentence built from it. Everything else is real: LiveKit, the agent's tool loop and
 * tools, PocketSphinx, Festival, turn detection, typed chat on lk.chat.
 */

const REPLY_TIMEOUT_MS = 30_000;

interface ChatMessage {
  role: string;
  content?: string | { type: string; text?: string }[] | null;
  tool_calls?: { id: string; function: { name: string; arguments: string } }[];
  tool_call_id?: string;
}

interface RecordedCompletion {
  at: number;
  lastRole: string;
  lastText: string;
  tools: string[];
  reply: string;
}

const textOf = (message: ChatMessage | undefined): string =>
  typeof message?.content === 'string' ? message.content : (message?.content ?? []).map((part) => part.text ?? '').join(' ');

const chunk = (delta: object, finish: string | null = null): string =>
  `data: ${JSON.stringify({ id: 'scripted', object: 'chat.completion.chunk', created: 1, model: 'scripted', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

function streamText(response: ServerResponse, text: string): void {
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  response.write(chunk({ role: 'assistant', content: '' }));
  for (const word of text.split(/(?<= )/)) response.write(chunk({ content: word }));
  response.end(chunk({}, 'stop') + 'data: [DONE]\n\n');
}

function streamToolCall(response: ServerResponse, name: string, args: object): void {
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  const encoded = JSON.stringify(args);
  response.write(chunk({ role: 'assistant', content: null, tool_calls: [{ index: 0, id: `call_${Date.now()}`, type: 'function', function: { name, arguments: '' } }] }));
  response.write(chunk({ tool_calls: [{ index: 0, function: { arguments: encoded.slice(0, 4) } }] }));
  response.write(chunk({ tool_calls: [{ index: 0, function: { arguments: encoded.slice(4) } }] }));
  response.end(chunk({}, 'tool_calls') + 'data: [DONE]\n\n');
}

/** A loopback OpenAI-compatible endpoint whose answers are scripted by rule. */
async function startScriptedLlm(): Promise<{ server: Server; baseUrl: string; completions: RecordedCompletion[] }> {
  const completions: RecordedCompletion[] = [];
  const server = createServer((request, response) => {
    let raw = '';
    request.on('data', (data: Buffer) => (raw += data.toString()));
    request.on('end', () => {
      if (request.method === 'GET') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ object: 'list', data: [{ id: 'scripted', object: 'model' }] }));
        return;
      }
      const body = JSON.parse(raw) as { messages: ChatMessage[]; tools?: { function: { name: string } }[] };
      const last = body.messages.at(-1);
      const lastText = textOf(last);
      const record: RecordedCompletion = { at: Date.now(), lastRole: last?.role ?? '', lastText, tools: (body.tools ?? []).map((tool) => tool.function.name), reply: '' };
      completions.push(record);
      if (last?.role === 'tool') {
        const result = JSON.parse(lastText) as { spoken?: string; result?: number };
        record.reply = result.spoken !== undefined ? `It is ${result.spoken}.` : `The answer is ${String(result.result)}.`;
        streamText(response, record.reply);
      } else if (/\bfail\b/i.test(lastText)) {
        record.reply = 'HTTP 500';
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { message: 'scripted failure' } }));
      } else if (/\btime\b/i.test(lastText)) {
        record.reply = 'tool:get_current_time';
        streamToolCall(response, 'get_current_time', {});
      } else if (/\btimes\b|\bplus\b|\d\s*[*+]/i.test(lastText)) {
        record.reply = 'tool:calculate';
        streamToolCall(response, 'calculate', { expression: '12 * 12' });
      } else {
        record.reply = 'Sorry, I only know the time and sums.';
        streamText(response, record.reply);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, completions };
}

/** Joins a fresh room right after the previous one closed, as consecutive users do. */
async function joinRoom(stack: RunningStack, room: string): Promise<HeadlessUser> {
  const { serverUrl, token } = await requestToken(stack, room, `tester-${room}`);
  const user = await HeadlessUser.join(serverUrl, token);
  await user.waitForAgentListening();
  return user;
}

const agentText = (user: HeadlessUser): string => user.transcriptsOf('agent').map((segment) => segment.text).join(' | ');

describe('assistant brain through a room (scripted LLM endpoint)', () => {
  let stack: RunningStack;
  let scripted: Awaited<ReturnType<typeof startScriptedLlm>>;
  const measurements: Record<string, unknown> = {};

  before(async () => {
    scripted = await startScriptedLlm();
    stack = await startTestStack('brain-tools', {
      PARLEY_LLM: 'openai-compatible',
      PARLEY_OPENAI_COMPATIBLE_BASE_URL: scripted.baseUrl,
      PARLEY_OPENAI_COMPATIBLE_MODEL: 'scripted',
      PARLEY_LLM_TIMEOUT_MS: '5000',
    });
  });
  after(async () => {
    await stack?.stop();
    scripted?.server.closeAllConnections();
    scripted?.server.close();
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(path.join(resultsDir, 'brain-tools.json'), JSON.stringify({ measurements, completions: scripted?.completions ?? [] }, null, 2));
  });

  test('asked for the time by voice, the agent calls its time tool and speaks the answer', async () => {
    const user = await joinRoom(stack, 'brain-voice-time');
    try {
      const utterance = await user.say(speechWav('what time is it', { trailingSilenceMs: 200 }));
      const answer = await user.waitFor('the agent transcript with the time', () => /It is \w+day, \w+ \d+, \d{4}/.exec(agentText(user)), REPLY_TIMEOUT_MS);
      const firstAudio = await user.waitFor('the spoken answer', () => user.firstAgentAudioAfter(utterance.speechEndAt), REPLY_TIMEOUT_MS);
      assert.ok(firstAudio.rms > SPEECH_RMS_THRESHOLD);

      const toolCall = scripted.completions.find((completion) => completion.reply === 'tool:get_current_time');
      assert.ok(toolCall, `the LLM was asked with the user's words; got ${JSON.stringify(scripted.completions)}`);
      assert.match(toolCall.lastText.toLowerCase(), /time/);
      assert.ok(toolCall.tools.includes('get_current_time') && toolCall.tools.includes('calculate') && toolCall.tools.includes('set_timer'));
      const toolResult = scripted.completions.find((completion) => completion.lastRole === 'tool');
      assert.ok(toolResult, 'the tool result went back to the LLM');
      const result = JSON.parse(toolResult.lastText) as { iso: string; timezone: string };
      assert.ok(Math.abs(Date.parse(result.iso) - Date.now()) < 5 * 60_000, `the tool reported the real time: ${result.iso}`);

      measurements.voiceTime = { answer: answer[0], voiceToVoiceMs: firstAudio.at - utterance.speechEndAt, metrics: user.turnMetrics.at(-1) ?? null };
      console.log(`time by voice: "${answer[0]}", voice-to-voice ${firstAudio.at - utterance.speechEndAt} ms`);
    } finally {
      await user.leave();
    }
  });

  test('typed chat on lk.chat gets a spoken and transcribed reply through a tool', async () => {
    const user = await joinRoom(stack, 'brain-typed-chat');
    try {
      const sentAt = Date.now();
      await user.room.localParticipant!.sendText('what is 12 times 12', { topic: 'lk.chat' });
      await user.waitFor('the typed question to reach the LLM', () => scripted.completions.find((completion) => completion.lastText.includes('12 times 12')), REPLY_TIMEOUT_MS);
      await user.waitFor('the calculator answer in the transcript', () => agentText(user).includes('The answer is 144'), REPLY_TIMEOUT_MS);
      const firstAudio = await user.waitFor('the spoken answer', () => user.firstAgentAudioAfter(sentAt), REPLY_TIMEOUT_MS);
      measurements.typedChat = { replyAudioMs: firstAudio.at - sentAt };
    } finally {
      await user.leave();
    }
  });

  test('when the LLM endpoint fails mid-call the agent apologises out loud and answers the next turn', async () => {
    const user = await joinRoom(stack, 'brain-failure');
    try {
      const sentAt = Date.now();
      await user.room.localParticipant!.sendText('please fail now', { topic: 'lk.chat' });
      await user.waitFor('the apology in the transcript', () => /Sorry, I couldn't come up with an answer/.test(agentText(user)), REPLY_TIMEOUT_MS);
      await user.waitFor('the spoken apology', () => user.firstAgentAudioAfter(sentAt), REPLY_TIMEOUT_MS);
      await user.room.localParticipant!.sendText('what is 12 times 12 then', { topic: 'lk.chat' });
      await user.waitFor('an answer after the failure', () => agentText(user).includes('The answer is 144'), REPLY_TIMEOUT_MS);
    } finally {
      await user.leave();
    }
  });
});
