import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureEnvFile, parseEnvFile } from './env-file.js';

describe('parseEnvFile', () => {
  it('reads keys, strips quotes, skips comments and junk', () => {
    expect(parseEnvFile('# c\nA=1\n B = "two words" \n=bad\nnoequals\nC=\'x=y\'')).toEqual({ A: '1', B: 'two words', C: 'x=y' });
  });
});

describe('ensureEnvFile', () => {
  it('generates private credentials once and keeps them', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'parley-env-')), 'sub', 'env');
    const first = ensureEnvFile(file);
    expect(first.LIVEKIT_API_KEY).toMatch(/^API/);
    expect(first.LIVEKIT_API_SECRET?.length).toBeGreaterThanOrEqual(40);
    expect(first.LIVEKIT_API_KEY).not.toBe('devkey');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(ensureEnvFile(file)).toEqual(first);
    expect(readFileSync(file, 'utf8')).toContain(first.LIVEKIT_API_SECRET);
  });
});
