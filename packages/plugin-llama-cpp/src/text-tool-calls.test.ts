import { describe, expect, it } from 'vitest';
import { parseTextToolCalls, TextToolCallDetector } from './text-tool-calls.js';

const TOOLS = ['get_current_time', 'calculate', 'set_timer'];

/** Streams `reply` in small chunks, as tokens arrive. */
function run(reply: string, chunkSize = 3): { spoken: string; calls: ReturnType<TextToolCallDetector['finish']>['calls']; completeAt: number | null } {
  const detector = new TextToolCallDetector(TOOLS);
  let spoken = '';
  let completeAt: number | null = null;
  for (let index = 0; index < reply.length; index += chunkSize) {
    spoken += detector.push(reply.slice(index, index + chunkSize));
    if (completeAt === null && detector.callComplete) completeAt = index + chunkSize;
  }
  const end = detector.finish();
  return { spoken: spoken + end.text, calls: end.calls, completeAt };
}

describe('TextToolCallDetector', () => {
  it('turns a bare JSON call into a call and speaks none of it', () => {
    const result = run('{"name": "calculate", "arguments": {"expression": "17 * 23"}}');
    expect(result.spoken).toBe('');
    expect(result.calls).toEqual([{ name: 'calculate', args: { expression: '17 * 23' } }]);
  });

  it('reads calls wrapped in tags or a fence, and string-encoded arguments', () => {
    expect(run('<tools>\n{"name": "get_current_time", "arguments": {}}\n</tools>').calls).toEqual([{ name: 'get_current_time', args: {} }]);
    expect(run('```json\n{"name": "set_timer", "arguments": "{\\"seconds\\": 600}"}\n```').calls).toEqual([{ name: 'set_timer', args: { seconds: 600 } }]);
    expect(run('<tool_call>{"function": {"name": "get_current_time", "parameters": {}}}</tool_call>').calls).toEqual([{ name: 'get_current_time', args: {} }]);
  });

  it('says when the call is complete so generation can stop at the closing brace', () => {
    const reply = '{"name": "get_current_time", "arguments": {"note": "a } inside"}}\n</tools> and more';
    const result = run(reply, 1);
    expect(result.completeAt).toBe(reply.indexOf('\n'));
  });

  it('streams ordinary text straight through, even text with braces later on', () => {
    const result = run('The capital of Japan is Tokyo {really}.');
    expect(result.spoken).toBe('The capital of Japan is Tokyo {really}.');
    expect(result.calls).toEqual([]);
  });

  it('never speaks a call of an unknown tool or malformed JSON', () => {
    const unknown = run('{"name": "order_pizza", "arguments": {"size": "large"}}');
    expect(unknown.calls).toEqual([]);
    expect(unknown.spoken).toBe('');
    expect(run('{"name": "calculate", "arguments": {"expression": ').spoken).toBe('');
  });

  it('lets a reply that only starts with "<" through as text', () => {
    expect(run('<3 thanks, that is kind of you!').spoken).toBe('<3 thanks, that is kind of you!');
  });

  it('treats every reply as text when no tools are offered', () => {
    const detector = new TextToolCallDetector([]);
    expect(detector.push('{"name": "calculate"}')).toBe('{"name": "calculate"}');
  });
});

describe('parseTextToolCalls', () => {
  it('reads several calls in one reply', () => {
    const text = '{"name": "get_current_time", "arguments": {}}\n{"name": "calculate", "arguments": {"expression": "1+1"}}';
    expect(parseTextToolCalls(text, new Set(TOOLS))?.map((call) => call.name)).toEqual(['get_current_time', 'calculate']);
  });
});
