import { llm, voice } from '@livekit/agents';
import { describe, expect, it } from 'vitest';
import { preloadUserTurnWhileSpeaking, type PreloadingSession } from './user-turn-preload.js';

function transcribed(transcript: string, isFinal: boolean): voice.UserInputTranscribedEvent {
  return { type: 'user_input_transcribed', transcript, isFinal, speakerId: null, createdAt: Date.now(), language: null } as voice.UserInputTranscribedEvent;
}

describe('preloadUserTurnWhileSpeaking', () => {
  it('preloads interim words while the agent listens, with the agent chat and tools', () => {
    const chatCtx = llm.ChatContext.empty();
    chatCtx.addMessage({ role: 'system', content: 'You are Parley.' });
    const toolCtx = new llm.ToolContext([]);
    const session: PreloadingSession & { agentState: voice.AgentState } = { agentState: 'listening', currentAgent: { chatCtx, toolCtx } };
    const calls: { chatCtx: llm.ChatContext; words: string; toolCtx: llm.ToolContext | undefined }[] = [];
    const onTranscribed = preloadUserTurnWhileSpeaking(session, {
      preloadUserTurn: async (ctx, words, tools) => {
        calls.push({ chatCtx: ctx, words, toolCtx: tools });
      },
    });

    onTranscribed(transcribed('What is the', false));
    onTranscribed(transcribed('What is the capital of France?', true));
    onTranscribed(transcribed('  ', false));
    session.agentState = 'speaking';
    onTranscribed(transcribed('wait, what', false));

    expect(calls.map((call) => call.words)).toEqual(['What is the']);
    expect(calls[0]?.chatCtx).toBe(chatCtx);
    expect(calls[0]?.toolCtx).toBe(toolCtx);
  });
});
