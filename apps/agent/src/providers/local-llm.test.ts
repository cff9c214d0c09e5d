import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findLocalLlm } from './local-llm.js';

const dir = mkdtempSync(path.join(tmpdir(), 'parley-local-llm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const settings = { modelsDir: dir, python: 'python3' };

describe('findLocalLlm', () => {
  it('says a catalogue model is not installed, and how to install it', async () => {
    const result = await findLocalLlm('qwen2.5-coder-1.5b-instruct-q4_k_m', settings);
    expect(result).toEqual({ ok: false, problem: expect.stringMatching(/is not installed .*missing or incomplete: qwen2\.5-coder-1\.5b-instruct-q4_k_m\.gguf.*setup\.sh/) });
  });

  it('catches a truncated download by its size', async () => {
    const folder = path.join(dir, 'qwen2.5-coder-0.5b-instruct-q4_k_m');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'qwen2.5-coder-0.5b-instruct-q4_k_m.gguf'), Buffer.concat([Buffer.from('GGUF'), Buffer.alloc(4096)]));
    const result = await findLocalLlm('qwen2.5-coder-0.5b-instruct-q4_k_m', settings);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.problem).toMatch(/incomplete/);
  });

  it('refuses names that are not language models, and files that are not GGUF', async () => {
    expect(await findLocalLlm('whisper-tiny-ct2', settings)).toEqual({ ok: false, problem: expect.stringMatching(/not a language model of the catalogue/) });
    const text = path.join(dir, 'notes.gguf');
    writeFileSync(text, 'hello world, not a model at all');
    expect(await findLocalLlm(text, settings)).toEqual({ ok: false, problem: expect.stringMatching(/not a GGUF/) });
  });

  it('accepts a GGUF file given by path', async () => {
    const file = path.join(dir, 'tiny.gguf');
    writeFileSync(file, Buffer.concat([Buffer.from('GGUF'), Buffer.alloc(2048)]));
    expect(await findLocalLlm(file, settings)).toEqual({ ok: true, path: file });
  });
});
