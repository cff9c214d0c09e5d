import { EventEmitter } from 'node:events';
import { llm, voice } from '@livekit/agents';
import type { TurnMetrics } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { listenToConversation, type ConversationHandlers } from './conversation-pipeline.js';

/** An AgentSession as far as the listeners use it. */
class SessionDouble extends EventEmitter {
  readonly said: string[] = [];
  readonly delays: string[] = [];
  say(text: string): void {
    this.said.push(text);
  }
  updateOptions(options: { turnHandling?: { endpointing?: { minDelay?: number; maxDelay?: number } } }): void {
    const endpointing = options.turnHandling?.endpointing;
    if (endpointing) this.delays.push(`${endpointing.minDelay}-${endpointing.maxDelay}`);
  }
}

function wire(endpointing: boolean): { session: SessionDouble; calls: string[]; turns: { published: TurnMetrics[]; reported: TurnMetrics[] } } {
  const session = new SessionDouble();
  const calls: string[] = [];
  const turns = { published: [] as TurnMetrics[], reported: [] as TurnMetrics[] };
  const logger = { info: () => undefined, warn: () => undefined, error: () => calls.push('logged error') } as unknown as ConversationHandlers['logger'];
  listenToConversation(
    {
      session: session as unknown as voice.AgentSession,
      endpointing: endpointing ? { base: { minDelayMs: 500, maxDelayMs: 3000 }, sentenceEndMaxDelayMs: 1000, trailingMinDelayMs: 1500 } : null,
    },
    {
      logger,
      vision: { setUserSpeaking: (speaking) => calls.push(`speaking ${speaking}`) },
      report: {
        started: () => calls.push('started'),
        message: (item) => calls.push(`line ${item.role}`),
        turn: (turn) => turns.reported.push(turn),
        closed: (reason) => calls.push(`ended ${String(reason)}`),
      },
      publishTurn: (turn) => turns.published.push(turn),
      onClose: () => calls.push('left'),
    },
  );
  return { session, calls, turns };
}

describe('listenToConversation', () => {
  it('follows a turn: speaking, the transcript, the reply measured once for the room and the API, the end', () => {
    const { session, calls, turns } = wire(true);
    session.emit(voice.AgentSessionEventTypes.UserStateChanged, { type: 'user_state_changed', oldState: 'listening', newState: 'speaking', createdAt: Date.now() });
    session.emit(voice.AgentSessionEventTypes.UserInputTranscribed, { type: 'user_input_transcribed', transcript: 'What time is it?', isFinal: true, language: 'en', speakerId: null, createdAt: Date.now() });
    const user = new llm.ChatMessage({ role: 'user', content: 'What time is it?', metrics: { endOfTurnDelay: 0.5, transcriptionDelay: 0.1 } });
    const reply = new llm.ChatMessage({ role: 'assistant', content: 'Ten past nine.', metrics: { e2eLatency: 0.9 } });
    for (const item of [user, reply]) session.emit(voice.AgentSessionEventTypes.ConversationItemAdded, { type: 'conversation_item_added', item, createdAt: Date.now() });
    session.emit(voice.AgentSessionEventTypes.Close, { type: 'close', reason: 'user_initiated', error: null, createdAt: Date.now() });

    expect(calls).toEqual(['started', 'speaking true', 'line user', 'line assistant', 'ended user_initiated', 'left']);
    expect(session.delays).toEqual(['500-1000']);
    expect(turns.published).toHaveLength(1);
    // One measurement, handed to both: the same object, not two computations that could differ.
    expect(turns.reported[0]).toBe(turns.published[0]);
    expect(turns.published[0]).toMatchObject({ turnId: user.id, endOfUtteranceMs: 500, endToEndMs: 900 });
  });

  it('leaves the turn detector alone when transcript endpointing is off, and apologises when the brain gives up', () => {
    const { session, calls } = wire(false);
    session.emit(voice.AgentSessionEventTypes.UserInputTranscribed, { type: 'user_input_transcribed', transcript: 'Set a timer for', isFinal: true, language: 'en', speakerId: null, createdAt: Date.now() });
    session.emit(voice.AgentSessionEventTypes.Error, { type: 'error', error: { type: 'llm_error', recoverable: false, error: new Error('boom') }, source: null, createdAt: Date.now() });
    expect(session.delays).toEqual([]);
    expect(calls).toContain('logged error');
    expect(session.said).toHaveLength(1);
  });
});
