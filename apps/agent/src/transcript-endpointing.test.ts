import { EventEmitter } from 'node:events';
import { voice } from '@livekit/agents';
import { describe, expect, it } from 'vitest';
import { classifyTranscriptEnd, transcriptEndpointing, transcriptEndpointingOptions } from './transcript-endpointing.js';

describe('classifyTranscriptEnd', () => {
  it('recognizes finished sentences', () => {
    for (const text of ['Set a timer for 10 minutes.', 'Read me the news.', 'Stop!', '"Call my mother."', 'Good morning.']) {
      expect(classifyTranscriptEnd(text), text).toBe('sentence');
    }
  });

  it('recognizes finished questions, including one that ends on a preposition', () => {
    for (const text of ['What time is it?', 'Good morning, how are you?', 'Where are you from?', '"Is it raining?"', 'How far away is the moon?']) {
      expect(classifyTranscriptEnd(text), text).toBe('question');
    }
  });

  it('recognizes transcripts that trail off, with or without punctuation', () => {
    for (const text of ['Set a timer for', 'Set a timer for.', 'Can you tell me the?', 'What about my?', 'I want to go to the...', 'Book a table for…', 'Turn on the.', 'Call my mother and', 'Well,', 'um.', 'I need to talk to.']) {
      expect(classifyTranscriptEnd(text), text).toBe('trailing');
    }
  });

  it('leaves unpunctuated complete-looking text and empty text unclear', () => {
    for (const text of ['what time is it', 'read me the news', '', '   ']) expect(classifyTranscriptEnd(text), text).toBe('unclear');
  });
});

/** Just enough of an AgentSession: its event emitter and updateOptions. */
class SessionDouble extends EventEmitter {
  readonly delays: string[] = [];
  updateOptions(options: { turnHandling?: { endpointing?: { minDelay?: number; maxDelay?: number } } }): void {
    const endpointing = options.turnHandling?.endpointing;
    if (endpointing) this.delays.push(`${endpointing.minDelay}-${endpointing.maxDelay}`);
  }
}

function final(session: SessionDouble, transcript: string, isFinal = true): void {
  session.emit(voice.AgentSessionEventTypes.UserInputTranscribed, { type: 'user_input_transcribed', transcript, isFinal, language: 'en', speakerId: null, createdAt: Date.now() });
}

describe('transcriptEndpointing', () => {
  it('caps the wait after a finished sentence, holds the turn open while it trails off, and restores the defaults otherwise', () => {
    const session = new SessionDouble();
    const handler = transcriptEndpointing(session as unknown as voice.AgentSession, { base: { minDelayMs: 500, maxDelayMs: 3000 }, sentenceEndMaxDelayMs: 1000, trailingMinDelayMs: 1500 });
    session.on(voice.AgentSessionEventTypes.UserInputTranscribed, handler);
    const detach = (): void => void session.off(voice.AgentSessionEventTypes.UserInputTranscribed, handler);
    final(session, 'What time is it?');
    final(session, 'What is the capital of France?');
    final(session, 'Set a timer', false);
    final(session, 'I would like to book a table for');
    final(session, 'read me the news');
    final(session, 'Read me the news.');
    expect(session.delays).toEqual(['500-1000', '1500-3000', '500-3000', '500-1000']);
    detach();
    final(session, 'and then');
    expect(session.delays).toHaveLength(4);
  });

  it('caps the wait after a question tighter than after a statement, when asked', () => {
    const session = new SessionDouble();
    session.on(
      voice.AgentSessionEventTypes.UserInputTranscribed,
      transcriptEndpointing(session as unknown as voice.AgentSession, { base: { minDelayMs: 500, maxDelayMs: 3000 }, sentenceEndMaxDelayMs: 1000, questionEndMaxDelayMs: 600, trailingMinDelayMs: 1500 }),
    );
    final(session, 'What is the capital of France?');
    final(session, 'Set a timer for ten minutes.');
    final(session, 'And what about', true);
    final(session, 'How far away is the moon?');
    expect(session.delays).toEqual(['500-600', '500-1000', '1500-3000', '500-600']);
  });

  it('shortens the minimum wait after a finished sentence when asked, never below it for other endings', () => {
    const session = new SessionDouble();
    session.on(voice.AgentSessionEventTypes.UserInputTranscribed, transcriptEndpointing(session as unknown as voice.AgentSession, { base: { minDelayMs: 500, maxDelayMs: 3000 }, sentenceEndMinDelayMs: 250, sentenceEndMaxDelayMs: 1000, trailingMinDelayMs: 1500 }));
    final(session, 'What time is it?');
    final(session, 'read me the news');
    final(session, 'Set a timer for');
    final(session, 'Good morning.');
    expect(session.delays).toEqual(['250-1000', '500-3000', '1500-3000', '250-1000']);
  });
});

describe('transcriptEndpointingOptions', () => {
  it('is off when neither adjustment would change the configured delays', () => {
    const turn = { minEndpointingDelayMs: 500, maxEndpointingDelayMs: 3000, sentenceEndMinDelayMs: 500, sentenceEndMaxDelayMs: 1000, questionEndMaxDelayMs: 600, trailingMinDelayMs: 1500 };
    expect(transcriptEndpointingOptions(turn)).toEqual({ base: { minDelayMs: 500, maxDelayMs: 3000 }, sentenceEndMinDelayMs: 500, sentenceEndMaxDelayMs: 1000, questionEndMaxDelayMs: 600, trailingMinDelayMs: 1500 });
    const off = { ...turn, sentenceEndMaxDelayMs: 3000, questionEndMaxDelayMs: 3000, trailingMinDelayMs: 500 };
    expect(transcriptEndpointingOptions(off)).toBeNull();
    expect(transcriptEndpointingOptions({ ...off, questionEndMaxDelayMs: 600 })).not.toBeNull();
    expect(transcriptEndpointingOptions({ ...turn, sentenceEndMaxDelayMs: 3000 })).not.toBeNull();
    expect(transcriptEndpointingOptions({ ...off, sentenceEndMinDelayMs: 250 })).not.toBeNull();
  });
});
