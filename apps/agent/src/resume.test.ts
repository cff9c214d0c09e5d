import { describe, expect, it } from 'vitest';
import { resumedChatContext } from './resume.js';

describe('resumedChatContext', () => {
  it('turns the history into user and assistant messages, oldest first', () => {
    const chatCtx = resumedChatContext({
      history: [
        { role: 'user', text: 'my name is Ada' },
        { role: 'agent', text: 'Nice to meet you, Ada.' },
      ],
      lostAt: '2026-01-01T10:00:00.000Z',
      attempt: 1,
    });
    const messages = chatCtx?.items.map((item) => (item.type === 'message' ? [item.role, item.textContent] : [item.type]));
    expect(messages).toEqual([
      ['user', 'my name is Ada'],
      ['assistant', 'Nice to meet you, Ada.'],
    ]);
  });

  it('starts fresh without a resume or with an empty history', () => {
    expect(resumedChatContext(null)).toBeUndefined();
    expect(resumedChatContext({ history: [], lostAt: '2026-01-01T10:00:00.000Z', attempt: 1 })).toBeUndefined();
  });
});
