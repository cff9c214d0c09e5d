import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeLogger, voice } from '@livekit/agents';
import { LlamaCppLLM, LlamaCppModel } from '@parley/plugin-llama-cpp';
import { writeSyntheticGguf } from '@parley/plugin-llama-cpp/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationScheduler, createTools } from '../tools/index.js';

// The framework's own tool loop driving the local provider: a synthetic GGUF that always opens a
// function call (node-llama-cpp's grammar then writes a valid one), the real Parley tools, the
// real AgentSession. What the model "says" is noise; the test checks the loop's mechanics.

let dir: string;
let model: LlamaCppModel;

beforeAll(async () => {
  initializeLogger({ pretty: false, level: 'fatal' });
  dir = mkdtempSync(path.join(tmpdir(), 'parley-local-session-'));
  model = await LlamaCppModel.load({ modelPath: writeSyntheticGguf(path.join(dir, 'calls.gguf'), { favouredText: '||call:' }), gpu: 'cpu' });
}, 60_000);

afterAll(async () => {
  await model?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('local LLM in an AgentSession', () => {
  it('runs tool calls through the framework and feeds the results back to the model', async () => {
    const scheduler = new ConversationScheduler();
    const tools = createTools({ timezone: 'UTC', now: () => new Date(), announce: () => undefined, schedule: (delayMs, callback) => scheduler.schedule(delayMs, callback) });
    const brain = new LlamaCppLLM({ model, contextSize: 4096, maxTokens: 160, temperature: 0 });
    const session = new voice.AgentSession({ llm: brain, maxToolSteps: 2 });
    const executed: string[] = [];
    const errors: unknown[] = [];
    session.on(voice.AgentSessionEventTypes.FunctionToolsExecuted, (event) => executed.push(...event.functionCalls.map((call) => call.name)));
    session.on(voice.AgentSessionEventTypes.Error, (event) => errors.push(event.error));
    await session.start({ agent: new voice.Agent({ instructions: 'Use tools.', tools }) });
    await session.run({ userInput: 'what time is it' }).wait().catch(() => undefined);

    expect(errors).toEqual([]);
    expect(executed.length).toBeGreaterThan(0);
    for (const name of executed) expect(['get_current_time', 'calculate', 'set_timer']).toContain(name);
    const outputs = session.history.items.filter((item) => item.type === 'function_call_output');
    expect(outputs.length).toBe(executed.length);
    // The model saw each result: the next generation reused the cached prompt and evaluated only the new part.
    expect(brain.lastGeneration?.cachedPromptTokens).toBeGreaterThan(0);
    await session.close();
    scheduler.cancelAll();
  }, 120_000);
});
