import { llm } from '@livekit/agents';
import { describe, expect, it } from 'vitest';
import { callOfThisTurn } from './intent-router.js';

function conversation(...items: llm.ChatItem[]): llm.ChatItem[] {
  return items;
}

const user = (text: string) => llm.ChatMessage.create({ role: 'user', content: text });
const call = (name: string, args: object, callId = 'c1') => llm.FunctionCall.create({ callId, name, args: JSON.stringify(args) });
const output = (callId: string, text: string, isError = false) => llm.FunctionCallOutput.create({ callId, name: 'look_at_screen', output: text, isError });

describe('callOfThisTurn', () => {
  it("finds the newest question's call with its output", () => {
    const items = conversation(user('what time is it'), call('get_current_time', {}, 'old'), output('old', '3 pm'), user('what am i holding'), call('look_at_screen', { source: 'camera' }), output('c1', 'Camera now:\nline 1: OATLY'));
    expect(callOfThisTurn(items)).toEqual({ name: 'look_at_screen', args: { source: 'camera' }, output: 'Camera now:\nline 1: OATLY' });
  });

  it('finds nothing when this turn made no call, only an earlier one, or the call failed', () => {
    expect(callOfThisTurn(conversation(user('what time is it'), call('get_current_time', {}, 'old'), output('old', '3 pm'), user('thanks')))).toBeUndefined();
    expect(callOfThisTurn(conversation(user('what am i holding'), call('look_at_screen', {}), output('c1', 'camera off', true)))).toBeUndefined();
  });
});
