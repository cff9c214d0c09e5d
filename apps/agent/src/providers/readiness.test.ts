import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAgentConfig } from '../config.js';
import { findProviderProblems } from './readiness.js';

const base = { LIVEKIT_URL: 'ws://127.0.0.1:7880', LIVEKIT_API_KEY: 'key', LIVEKIT_API_SECRET: 'secret' };
const dir = mkdtempSync(path.join(tmpdir(), 'parley-readiness-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('findProviderProblems', () => {
  it('accepts the all-local default', async () => {
    expect(await findProviderProblems(loadAgentConfig(base))).toEqual([]);
  });

  it('names PARLEY_LLM_MODEL when the chosen local model is not installed', async () => {
    const problems = await findProviderProblems(loadAgentConfig({ ...base, PARLEY_LLM: 'local', PARLEY_MODELS_DIR: dir }));
    expect(problems).toEqual([expect.stringMatching(/^PARLEY_LLM_MODEL: model qwen2\.5-coder-1\.5b-instruct-q4_k_m is not installed .*scripts\/setup\.sh/)]);
  });

  it('names PARLEY_LLM_MODEL_PATH for a missing or non-GGUF model file', async () => {
    const missing = await findProviderProblems(loadAgentConfig({ ...base, PARLEY_LLM: 'local', PARLEY_LLM_MODEL_PATH: path.join(dir, 'nope.gguf') }));
    expect(missing).toEqual([expect.stringMatching(/^PARLEY_LLM_MODEL_PATH: model file not found/)]);
    const text = path.join(dir, 'model.gguf');
    writeFileSync(text, 'not a model');
    const wrong = await findProviderProblems(loadAgentConfig({ ...base, PARLEY_LLM: 'local', PARLEY_LLM_MODEL_PATH: text }));
    expect(wrong).toEqual([expect.stringMatching(/^PARLEY_LLM_MODEL_PATH: not a GGUF/)]);
  });

  it('names PARLEY_OPENAI_COMPATIBLE_BASE_URL when the endpoint does not answer', async () => {
    const port = await closedPort();
    const problems = await findProviderProblems(
      loadAgentConfig({ ...base, PARLEY_LLM: 'openai-compatible', PARLEY_OPENAI_COMPATIBLE_BASE_URL: `http://127.0.0.1:${port}/v1`, PARLEY_OPENAI_COMPATIBLE_MODEL: 'm' }),
    );
    expect(problems).toEqual([expect.stringMatching(/^PARLEY_OPENAI_COMPATIBLE_BASE_URL: cannot reach http:\/\/127\.0\.0\.1:\d+\/v1\/models/)]);
  });
});
