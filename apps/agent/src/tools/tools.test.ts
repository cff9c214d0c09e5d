import { initializeLogger, llm, voice } from '@livekit/agents';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConversationScheduler, createTools, type ToolServices } from './index.js';

beforeAll(() => initializeLogger({ pretty: false, level: 'warn' }));
afterEach(() => vi.useRealTimers());

function servicesFor(scheduler: ConversationScheduler, announced: string[]): ToolServices {
  return {
    timezone: 'Asia/Tokyo',
    now: () => new Date('2026-03-01T12:34:00Z'),
    announce: (text) => announced.push(text),
    schedule: (delayMs, callback) => scheduler.schedule(delayMs, callback),
  };
}

describe('tools', () => {
  it('registers time, calculator and timer under their names', () => {
    const toolCtx = new llm.ToolContext(createTools(servicesFor(new ConversationScheduler(), [])));
    expect(Object.keys(toolCtx.functionTools).sort()).toEqual(['calculate', 'get_current_time', 'set_timer']);
  });

  it('answers the time in the configured zone, or another one, and refuses unknown zones', async () => {
    const tools = createTools(servicesFor(new ConversationScheduler(), []));
    const tool = new llm.ToolContext(tools).functionTools.get_current_time!;
    const run = (args: object) => tool.execute(args, { ctx: {} as voice.RunContext, toolCallId: 't', abortSignal: new AbortController().signal });
    expect(await run({})).toMatchObject({ timezone: 'Asia/Tokyo', spoken: expect.stringContaining('9:34 PM') });
    expect(await run({ timezone: 'Europe/Paris' })).toMatchObject({ spoken: expect.stringContaining('1:34 PM') });
    await expect(run({ timezone: 'Mars/Olympus' })).rejects.toBeInstanceOf(llm.ToolError);
  });

  it('calculates and reports bad expressions as tool errors', async () => {
    const tools = createTools(servicesFor(new ConversationScheduler(), []));
    const tool = new llm.ToolContext(tools).functionTools.calculate!;
    const run = (args: object) => tool.execute(args, { ctx: {} as voice.RunContext, toolCallId: 't', abortSignal: new AbortController().signal });
    expect(await run({ expression: '12 * (3 + 4)' })).toEqual({ expression: '12 * (3 + 4)', result: 84 });
    await expect(run({ expression: 'rm -rf' })).rejects.toBeInstanceOf(llm.ToolError);
  });

  it('speaks a timer when it is due, and never after the conversation ends', async () => {
    vi.useFakeTimers();
    const scheduler = new ConversationScheduler();
    const announced: string[] = [];
    const tools = createTools(servicesFor(scheduler, announced));
    const tool = new llm.ToolContext(tools).functionTools.set_timer!;
    const run = (args: object) => tool.execute(args, { ctx: {} as voice.RunContext, toolCallId: 't', abortSignal: new AbortController().signal });
    expect(await run({ seconds: 90, label: 'the pasta' })).toMatchObject({ set: true, duration: '1 minute 30 seconds' });
    await run({ seconds: 5 });
    vi.advanceTimersByTime(5000);
    expect(announced).toEqual(['Your timer for 5 seconds is done.']);
    vi.advanceTimersByTime(85_000);
    expect(announced).toEqual(['Your timer for 5 seconds is done.', 'Reminder: the pasta.']);
    await run({ seconds: 10 });
    scheduler.cancelAll();
    vi.advanceTimersByTime(20_000);
    expect(announced).toHaveLength(2);
  });
});
