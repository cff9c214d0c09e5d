import { llm } from '@livekit/agents';
import { describe, expect, it } from 'vitest';
import { toLlamaHistory, toLlamaHistoryBeforeUserTurn } from './chat-history.js';

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
