import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeLogger, llm } from '@livekit/agents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ToolIntentRouter } from './intent-router.js';
import { LlamaCppLLM, NOTHING_TO_SAY } from './llama-llm.js';
import { LlamaCppModel, LlamaModelFileError } from './llama-model.js';
import { writeSyntheticGguf } from './testing/synthetic-gguf.js';

// Real llama.cpp on a synthetic model: its words are noise, so these tests check mechanics only.
const SLOW_MS = 240_000;

let dir: string;
let noiseModel: LlamaCppModel;
let callingModel: LlamaCppModel;

beforeAll(async () => {
  initializeLogger({ pretty: false, level: 'warn' });
  dir = mkdtempSync(path.join(tmpdir(), 'parley-llama-'));
  noiseModel = await LlamaCppModel.load({ modelPath: writeSyntheticGguf(path.join(dir, 'noise.gguf')), gpu: 'cpu' });
  callingModel = await LlamaCppModel.load({ modelPath: writeSyntheticGguf(path.join(dir, 'calls.gguf'), { favouredText: '||call:' }), gpu: 'cpu' });
}, SLOW_MS);

afterAll(async () => {
  await noiseModel?.dispose();
  await callingModel?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

async function drain(stream: llm.LLMStream): Promise<{ texts: string[]; calls: llm.FunctionCall[]; usage: llm.CompletionUsage | undefined }> {
  const texts: string[] = [];
  const calls: llm.FunctionCall[] = [];
  let usage: llm.CompletionUsage | undefined;
  for await (const chunk of stream) {
    if (chunk.delta?.content) texts.push(chunk.delta.content);
    if (chunk.delta?.toolCalls) calls.push(...chunk.delta.toolCalls);
    if (chunk.usage) usage = chunk.usage;
  }
  return { texts, calls, usage };
}

const clockTool = llm.tool({
  description: 'Current time',
  parameters: z.object({ format: z.enum(['12h', '24h']), timezone: z.enum(['UTC', 'local']).optional() }),
  execute: async () => '10:30',
});

/** A router's route that sends any "… time …" to the clock tool. */
const routeTimeToClock: ToolIntentRouter['route'] = (text) => (/\btime\b/.test(text) ? { name: 'get_time', args: { format: '24h' } } : null);

describe('LlamaCppLLM on a synthetic GGUF', () => {
  it(
    'streams a reply in several chunks and reuses the KV cache on the next turn',
    async () => {
      const brain = new LlamaCppLLM({ model: noiseModel, contextSize: 1024, maxTokens: 12, temperature: 0 });
      const chatCtx = llm.ChatContext.empty();
      chatCtx.addMessage({ role: 'system', content: 'You are terse.' });
      chatCtx.addMessage({ role: 'user', content: 'hello there' });

      const first = await drain(brain.chat({ chatCtx }));
      expect(first.texts.length).toBeGreaterThan(1);
      expect(first.usage?.completionTokens).toBeGreaterThan(0);
      const firstStats = brain.lastGeneration;
      expect(firstStats?.outputTokens).toBeGreaterThan(0);

      chatCtx.addMessage({ role: 'assistant', content: first.texts.join('') });
      chatCtx.addMessage({ role: 'user', content: 'and again' });
      await drain(brain.chat({ chatCtx }));
      const second = brain.lastGeneration;
      expect(second).not.toBeNull();
      // Only the new turn is evaluated; the earlier prompt comes from the cache.
      expect(second!.cachedPromptTokens).toBeGreaterThan(0);
      expect(second!.evaluatedPromptTokens).toBeLessThan(second!.cachedPromptTokens + second!.evaluatedPromptTokens);
      console.log('llama synthetic turns', JSON.stringify({ first: firstStats, second }));
      await brain.aclose();
    },
    SLOW_MS,
  );

  it(
    'emits grammar-valid tool calls and continues after the tool result',
    async () => {
      const brain = new LlamaCppLLM({ model: callingModel, contextSize: 2048, maxTokens: 160, temperature: 0 });
      const chatCtx = llm.ChatContext.empty();
      chatCtx.addMessage({ role: 'user', content: 'time?' });
      const toolCtx = new llm.ToolContext({ get_time: clockTool });

      const first = await drain(brain.chat({ chatCtx, toolCtx, parallelToolCalls: false }));
      expect(first.calls).toHaveLength(1);
      const call = first.calls[0]!;
      expect(call.name).toBe('get_time');
      const args = JSON.parse(call.args) as unknown;
      // The grammar only allows arguments that the tool's own schema accepts.
      expect(clockTool.parameters).toBeDefined();
      expect(z.object({ format: z.enum(['12h', '24h']), timezone: z.enum(['UTC', 'local']).optional() }).safeParse(args).success).toBe(true);

      chatCtx.insert(call);
      chatCtx.insert(llm.FunctionCallOutput.create({ callId: call.callId, name: call.name, output: '"10:30"', isError: false }));
      await drain(brain.chat({ chatCtx, toolCtx, parallelToolCalls: false }));
      const afterResult = brain.lastGeneration;
      expect(afterResult).not.toBeNull();
      expect(afterResult!.cachedPromptTokens).toBeGreaterThan(0);
      await brain.aclose();
    },
    SLOW_MS,
  );

  it(
    'preloads the words so far into the KV cache, unless the router already claims them',
    async () => {
      // Claims "... time ..." for the clock tool and declines "... pizza ..." from a template.
      const router: ToolIntentRouter = {
        route: routeTimeToClock,
        reply: () => null,
        answer: (text) => (/\bpizza\b/.test(text) ? 'Sorry, I cannot order food.' : null),
      };
      const brain = new LlamaCppLLM({ model: noiseModel, contextSize: 1024, maxTokens: 4, temperature: 0, router });
      const toolCtx = new llm.ToolContext({ get_time: clockTool });
      const chatCtx = llm.ChatContext.empty();
      chatCtx.addMessage({ role: 'system', content: 'You are terse.' });
      const sequence = (await brain.conversation()).chat.sequence;
      const cachedAfter = async (words: string): Promise<number> => {
        await brain.preloadUserTurn(chatCtx, words, toolCtx);
        return sequence.contextTokens.length;
      };
      const before = sequence.contextTokens.length;
      expect(await cachedAfter('please tell me the time in')).toBe(before);
      expect(await cachedAfter('order me a pizza with')).toBe(before);
      // A tool the session does not offer is no claim: the model will see these words.
      const withoutTools = await brain.preloadUserTurn(chatCtx, 'what time', undefined).then(() => sequence.contextTokens.length);
      expect(withoutTools).toBeGreaterThan(before);
      expect(await cachedAfter('tell me a story about')).toBeGreaterThan(before);
      await brain.aclose();
    },
    SLOW_MS,
  );

  it(
    'cuts a call it will refuse off as soon as its name is written, and says so in words',
    async () => {
      const toolCtx = new llm.ToolContext({ get_time: clockTool });
      const outputTokensFor = async (plausible: boolean): Promise<{ tokens: number; result: Awaited<ReturnType<typeof drain>> }> => {
        const router: ToolIntentRouter = { route: () => null, reply: () => null, plausible: () => plausible };
        const brain = new LlamaCppLLM({ model: callingModel, contextSize: 2048, maxTokens: 160, temperature: 0, router });
        const chatCtx = llm.ChatContext.empty();
        chatCtx.addMessage({ role: 'user', content: 'time?' });
        const sequence = (await brain.conversation()).chat.sequence;
        const result = await drain(brain.chat({ chatCtx, toolCtx, parallelToolCalls: false }));
        const tokens = sequence.tokenMeter.usedOutputTokens;
        await brain.aclose();
        return { tokens, result };
      };
      const made = await outputTokensFor(true);
      expect(made.result.calls).toHaveLength(1);
      const refused = await outputTokensFor(false);
      expect(refused.result.calls).toHaveLength(0);
      expect(refused.result.texts.join('')).toBe(NOTHING_TO_SAY);
      // Both passes (the second is told to answer in words, and writes a call again) stop at the name.
      console.log('refused call cut off', JSON.stringify({ wholeCallTokens: made.tokens, twoCutOffPassesTokens: refused.tokens }));
      expect(refused.tokens).toBeLessThan(made.tokens);
    },
    SLOW_MS,
  );

  it(
    'marks a routed call answered by a template, so that no later prompt shows it',
    async () => {
      const router: ToolIntentRouter = {
        route: routeTimeToClock,
        reply: (_call, output) => `It's ${JSON.parse(output) as string}.`,
      };
      const brain = new LlamaCppLLM({ model: noiseModel, contextSize: 1024, maxTokens: 4, temperature: 0, router });
      const toolCtx = new llm.ToolContext({ get_time: clockTool });
      const chatCtx = llm.ChatContext.empty();
      chatCtx.addMessage({ role: 'user', content: 'what time is it' });
      const routed = await drain(brain.chat({ chatCtx, toolCtx }));
      const call = routed.calls[0]!;
      expect(brain.templatedCalls.size).toBe(0);
      chatCtx.insert(call);
      chatCtx.insert(llm.FunctionCallOutput.create({ callId: call.callId, name: call.name, output: '"10:30"', isError: false }));
      const reply = await drain(brain.chat({ chatCtx, toolCtx }));
      expect(reply.texts.join('')).toBe("It's 10:30.");
      expect([...brain.templatedCalls]).toEqual([call.callId]);
      await brain.aclose();
    },
    SLOW_MS,
  );

  it('refuses a missing or non-GGUF model file with a clear error', async () => {
    await expect(LlamaCppModel.load({ modelPath: path.join(dir, 'missing.gguf') })).rejects.toBeInstanceOf(LlamaModelFileError);
    const notGguf = path.join(dir, 'not.gguf');
    writeFileSync(notGguf, 'hello');
    await expect(LlamaCppModel.load({ modelPath: notGguf })).rejects.toThrow(/not a GGUF/);
  });
});
