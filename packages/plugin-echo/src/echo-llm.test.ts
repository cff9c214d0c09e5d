import { initializeLogger, llm } from '@livekit/agents';
import { beforeAll, describe, expect, it } from 'vitest';
import { EchoLLM } from './echo-llm.js';

beforeAll(() => {
  initializeLogger({ pretty: false, level: 'warn' });
});

describe('EchoLLM', () => {
  it('streams an echo of the last user message through the framework LLMStream', async () => {
    const chatCtx = llm.ChatContext.empty();
    chatCtx.addMessage({ role: 'system', content: 'be helpful' });
    chatCtx.addMessage({ role: 'user', content: 'first thing' });
    chatCtx.addMessage({ role: 'assistant', content: 'first thing... got it.' });
    chatCtx.addMessage({ role: 'user', content: 'open the pod bay doors' });

    const stream = new EchoLLM({ chunkSize: 4 }).chat({ chatCtx });
    const chunks: string[] = [];
    for await (const chunk of stream) {
      if (chunk.delta?.content) chunks.push(chunk.delta.content);
    }
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join('')).toBe('open the pod bay doors... got it.');
  });
});
