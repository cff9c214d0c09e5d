import { initializeLogger, llm } from '@livekit/agents';
import { beforeAll, describe, expect, it } from 'vitest';
import { EchoLLM } from './echo-llm.js';
import { VISION_CONTEXT_KEY, type VisionContext } from '@parley/protocol';
import { composeVisionReply } from './vision-reply.js';

beforeAll(() => {
  initializeLogger({ pretty: false, level: 'warn' });
});

const sharing: VisionContext = { viewing: 'screen', screen: { text: 'PURPLE ELEPHANT 4821\nQuarterly report draft.', capturedAt: 1 }, camera: null };

describe('echo brain vision answers', () => {
  it('reads the screen text back, line by line', () => {
    expect(composeVisionReply('screen', sharing)).toBe('Your screen says: PURPLE ELEPHANT 4821. Quarterly report draft.');
    expect(composeVisionReply('screen', { viewing: 'screen', screen: { text: '', capturedAt: 1 }, camera: null })).toMatch(/can't read any text/);
    expect(composeVisionReply('screen', null)).toMatch(/can't see your screen/);
    expect(composeVisionReply('camera', sharing)).toMatch(/can't see your camera/);
  });

  it('answers from the vision context in the request', async () => {
    const chatCtx = llm.ChatContext.empty();
    chatCtx.addMessage({ role: 'system', content: 'screen text', extra: { [VISION_CONTEXT_KEY]: sharing } });
    chatCtx.addMessage({ role: 'user', content: 'what is on my screen' });
    const chunks: string[] = [];
    for await (const chunk of new EchoLLM().chat({ chatCtx })) if (chunk.delta?.content) chunks.push(chunk.delta.content);
    expect(chunks.join('')).toBe('Your screen says: PURPLE ELEPHANT 4821. Quarterly report draft.');
  });
});
