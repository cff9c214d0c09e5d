import { llm } from '@livekit/agents';
import { describe, expect, it } from 'vitest';
import { toLlamaHistory, toLlamaHistoryBeforeUserTurn, toLlamaHistoryWithReply } from './chat-history.js';

/** A chat context of these messages, in order. */
function chatOf(...messages: [role: 'system' | 'user' | 'assistant', content: string][]): llm.ChatContext {
  const chatCtx = llm.ChatContext.empty();
  for (const [role, content] of messages) chatCtx.addMessage({ role, content });
  return chatCtx;
}

describe('toLlamaHistory', () => {
  it('renders earlier turns the same whether or not a per-request context message is present', () => {
    const base = chatOf(['system', 'You are Parley.'], ['user', 'first question'], ['assistant', 'first answer'], ['user', 'second question']);

    const withContext = base.copy();
    // Where the vision module puts it: just before the newest user message.
    withContext.items.splice(3, 0, llm.ChatMessage.create({ role: 'system', content: 'You can see the screen.' }));

    const plain = toLlamaHistory(base);
    const contextual = toLlamaHistory(withContext);
    expect(contextual.slice(0, 4)).toEqual(plain.slice(0, 4));
    expect(contextual[4]).toEqual({ type: 'system', text: 'You can see the screen.' });
    expect(contextual.at(-1)).toEqual({ type: 'model', response: [] });
  });

  it('keeps a tool call and its result in the model response that follows the question', () => {
    const chatCtx = chatOf(['system', 'sys'], ['user', 'time?']);
    const call = llm.FunctionCall.create({ callId: 'c1', name: 'get_current_time', args: '{}' });
    chatCtx.insert(call);
    chatCtx.insert(llm.FunctionCallOutput.create({ callId: 'c1', name: 'get_current_time', output: '{"spoken":"noon"}', isError: false }));
    chatCtx.items.splice(1, 0, llm.ChatMessage.create({ role: 'system', content: 'context' }));
    const history = toLlamaHistory(chatCtx);
    expect(history.map((item) => item.type)).toEqual(['system', 'user', 'system', 'model']);
    expect(history[3]).toEqual({ type: 'model', response: [{ type: 'functionCall', name: 'get_current_time', params: {}, result: { spoken: 'noon' } }] });
  });
});

describe('hidden calls', () => {
  it('leaves a call answered by a template out of every rendering, with its result, and keeps the words said', () => {
    const chatCtx = chatOf(['system', 'sys'], ['user', 'what time is it']);
    chatCtx.insert(llm.FunctionCall.create({ callId: 'routed_1', name: 'get_current_time', args: '{}' }));
    chatCtx.insert(llm.FunctionCallOutput.create({ callId: 'routed_1', name: 'get_current_time', output: '{"time":"noon","date":"Monday"}', isError: false }));
    chatCtx.addMessage({ role: 'assistant', content: "It's noon." });
    chatCtx.insert(llm.FunctionCall.create({ callId: 'model_1', name: 'calculate', args: '{"expression":"2+2"}' }));
    chatCtx.insert(llm.FunctionCallOutput.create({ callId: 'model_1', name: 'calculate', output: '4', isError: false }));
    chatCtx.addMessage({ role: 'assistant', content: 'And two and two is four.' });
    const hiddenCalls = new Set(['routed_1']);

    const before = toLlamaHistoryBeforeUserTurn(chatCtx, { hiddenCalls });
    expect(before).toEqual([
      { type: 'system', text: 'sys' },
      { type: 'user', text: 'what time is it' },
      { type: 'model', response: ["It's noon.", { type: 'functionCall', name: 'calculate', params: { expression: '2+2' }, result: 4 }, 'And two and two is four.'] },
    ]);
    chatCtx.addMessage({ role: 'user', content: 'thanks' });
    expect(toLlamaHistory(chatCtx, { hiddenCalls }).slice(0, before.length)).toEqual(before);
    // Without the set, the call is shown: a call the model phrased an answer to stays in its history.
    expect(JSON.stringify(toLlamaHistory(chatCtx))).toContain('get_current_time');
  });

  it('renders a templated turn the same when its reply is evaluated ahead and when the next request comes', () => {
    const chatCtx = chatOf(['system', 'sys'], ['user', 'what time is it']);
    chatCtx.insert(llm.FunctionCall.create({ callId: 'routed_1', name: 'get_current_time', args: '{}' }));
    chatCtx.insert(llm.FunctionCallOutput.create({ callId: 'routed_1', name: 'get_current_time', output: '{"time":"noon"}', isError: false }));
    const hiddenCalls = new Set(['routed_1']);
    const ahead = toLlamaHistoryWithReply(chatCtx, "It's noon.", { hiddenCalls });
    chatCtx.addMessage({ role: 'assistant', content: "It's noon." });
    chatCtx.addMessage({ role: 'user', content: 'and the capital of France?' });
    expect(toLlamaHistory(chatCtx, { hiddenCalls }).slice(0, ahead.length)).toEqual(ahead);
    expect(ahead.at(-1)).toEqual({ type: 'model', response: ["It's noon."] });
  });
});

describe('toLlamaHistoryBeforeUserTurn', () => {
  it('renders the conversation up to the next user message: no per-request context, no empty response', () => {
    const chat = chatOf(['system', 'You are Parley.'], ['user', 'hello'], ['system', 'You can see the screen.'], ['assistant', 'Hi!']);
    expect(toLlamaHistoryBeforeUserTurn(chat)).toEqual([
      { type: 'system', text: 'You are Parley.' },
      { type: 'user', text: 'hello' },
      { type: 'model', response: ['Hi!'] },
    ]);
    expect(toLlamaHistoryBeforeUserTurn(chatOf(['system', 'You are Parley.']))).toEqual([{ type: 'system', text: 'You are Parley.' }]);
  });

  it('is the prefix of what the next request renders', () => {
    const chat = chatOf(['system', 'You are Parley.'], ['user', 'hello'], ['assistant', 'Hi!']);
    const before = toLlamaHistoryBeforeUserTurn(chat);
    const request = chat.copy();
    request.addMessage({ role: 'user', content: 'what is the capital of France' });
    request.addMessage({ role: 'system', content: 'You can see the screen.' });
    expect(toLlamaHistory(request).slice(0, before.length)).toEqual(before);
  });
});

describe('toLlamaHistory with a window', () => {
  /** A conversation of `turns` questions and answers, after the system prompt and a greeting. */
  function conversation(turns: number): llm.ChatContext {
    const chat = chatOf(['system', 'You are Parley.'], ['assistant', 'Hello!']);
    for (let turn = 1; turn <= turns; turn += 1) {
      chat.addMessage({ role: 'user', content: `question ${turn}` });
      chat.addMessage({ role: 'assistant', content: `answer ${turn}` });
    }
    return chat;
  }
  const window = { maxTurns: 4, dropTurns: 2 };
  const userTexts = (history: ReturnType<typeof toLlamaHistory>): string[] => history.flatMap((entry) => (entry.type === 'user' ? [entry.text] : []));

  it('keeps the system prompt and the newest turns, dropping the oldest a block at a time', () => {
    const chat = conversation(4);
    chat.addMessage({ role: 'user', content: 'question 5' });
    chat.addMessage({ role: 'system', content: 'You can see the screen.' });
    const history = toLlamaHistory(chat, { window });
    expect(history[0]).toEqual({ type: 'system', text: 'You are Parley.' });
    expect(userTexts(history)).toEqual(['question 3', 'question 4', 'question 5']);
    expect(history.slice(1, 3)).toEqual([{ type: 'user', text: 'question 3' }, { type: 'model', response: ['answer 3'] }]);
    expect(history.slice(-2)).toEqual([{ type: 'system', text: 'You can see the screen.' }, { type: 'model', response: [] }]);
    // Below the window nothing goes, the greeting included.
    expect(toLlamaHistory(conversation(3), { window })[1]).toEqual({ type: 'model', response: ['Hello!'] });
  });

  it('renders before the next message what that message\'s request renders up to it, across a drop', () => {
    for (let turns = 0; turns < 12; turns += 1) {
      const chat = conversation(turns);
      const before = toLlamaHistoryBeforeUserTurn(chat, { window });
      chat.addMessage({ role: 'user', content: 'next question' });
      const request = toLlamaHistory(chat, { window });
      expect(request.slice(0, before.length), `after ${turns} turns`).toEqual(before);
      expect(request[before.length], `after ${turns} turns`).toEqual({ type: 'user', text: 'next question' });
    }
  });

  it('counts the coming message as a turn, and drops answers with their questions', () => {
    const history = toLlamaHistoryBeforeUserTurn(conversation(5), { window: { maxTurns: 3, dropTurns: 3 } });
    expect(history).toEqual([{ type: 'system', text: 'You are Parley.' }, { type: 'user', text: 'question 4' }, { type: 'model', response: ['answer 4'] }, { type: 'user', text: 'question 5' }, { type: 'model', response: ['answer 5'] }]);
  });
});
