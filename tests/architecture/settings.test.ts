import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AGENT_SETTINGS } from '../../apps/agent/src/config.js';
import { PROVIDER_SETTINGS } from '../../apps/agent/src/providers/registry.js';
import { RUNTIME_SETTINGS } from '../../apps/agent/src/runtime.js';
import { API_SETTINGS } from '../../apps/api/src/config.js';
import { BENCH_SETTINGS } from '../../apps/bench/src/settings.js';
import { CLUSTER_SETTINGS } from '../../apps/launcher/src/cluster-config.js';
import { LAUNCHER_PROCESS_SETTINGS } from '../../apps/launcher/src/launcher-process.js';
import { LAUNCHER_SETTINGS } from '../../apps/launcher/src/launcher-config.js';
import { MODELS_SETTINGS } from '../../packages/models/src/config.js';

// Every environment variable an app reads is declared once in that app's settings schema: its
// default and a one-line doc (`.meta({ description, shownDefault?, internal? })`). This test holds
// the README's configuration table to those declarations, and the apps to each other.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Declared {
  app: string;
  name: string;
  /** The default as the README shows it: `value`, —, or the declaration's shownDefault. */
  shown: string;
  description: string | undefined;
  internal: boolean;
}

type Shape = z.ZodObject<z.ZodRawShape>;

const DECLARATIONS: [string, Shape][] = [
  ['agent', AGENT_SETTINGS],
  ...Object.entries(PROVIDER_SETTINGS).map(([key, group]): [string, Shape] => [`agent (${key})`, group.schema]),
  ['agent (runtime)', RUNTIME_SETTINGS],
  ['api', API_SETTINGS],
  ['launcher', LAUNCHER_SETTINGS],
  ['launcher (process)', LAUNCHER_PROCESS_SETTINGS],
  ['launcher (cluster)', CLUSTER_SETTINGS],
  ['models', MODELS_SETTINGS],
];

/** The benchmarks' developer settings: their own table in the README's Benchmark section. */
const BENCH_DECLARATIONS: [string, Shape][] = [['bench', BENCH_SETTINGS]];

/**
 * Different defaults on purpose (variable → the app whose default the README shows, and why);
 * anything else read differently by two apps is a bug.
 */
const DIFFERENT_ON_PURPOSE: Record<string, { readme: string; why: string }> = {
  PARLEY_DATABASE_URL: { readme: 'api', why: 'unset, a cluster (npm run cluster) starts its own PostgreSQL for its API instances; a single API uses SQLite' },
};

const declaredIn = (declarations: [string, Shape][]): Declared[] =>
  declarations.flatMap(([app, schema]) => {
    const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, Record<string, unknown>> };
    return Object.entries(json.properties ?? {}).map(([name, property]) => {
      const value = property.default;
      const shown = typeof property.shownDefault === 'string' ? property.shownDefault : value === undefined || value === '' ? '—' : `\`${String(value)}\``;
      return { app, name, shown, description: typeof property.description === 'string' ? property.description : undefined, internal: property.internal === true };
    });
  });

const declared = declaredIn(DECLARATIONS);
const benchDeclared = declaredIn(BENCH_DECLARATIONS);

/** A README table of variables under `heading` (up to the next heading): variable → its default cell, and the rows that are not one variable each. */
function readmeTable(heading: string): { rows: Map<string, string>; unreadable: string[] } {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.split(`\n${heading}\n`)[1]?.split(/^#{2,3} /m)[0] ?? '';
  const rows = new Map<string, string>();
  const unreadable: string[] = [];
  for (const line of section.split('\n').filter((each) => each.startsWith('| `'))) {
    const cells = /^\| `([A-Z][A-Z0-9_]*)` \| (.*?) \| .* \|$/.exec(line);
    if (cells?.[1] !== undefined && cells[2] !== undefined) rows.set(cells[1], cells[2]);
    else unreadable.push(line);
  }
  return { rows, unreadable };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    if (entry === 'node_modules' || entry === 'dist') return [];
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry) && !/\.test\.tsx?$|\.d\.ts$/.test(entry) ? [full] : [];
  });
}

/** Declared settings missing from a README table or shown there with another default. */
const undocumented = (settings: Declared[], table: Map<string, string>): string[] =>
  settings
    .filter((setting) => !setting.internal && (DIFFERENT_ON_PURPOSE[setting.name]?.readme ?? setting.app) === setting.app)
    .filter((setting) => table.get(setting.name) !== setting.shown)
    .map((setting) => `${setting.name} (${setting.app}): README ${table.has(setting.name) ? `says ${table.get(setting.name)}` : 'has no row'}, declared ${setting.shown}`);

/** Rows of a README table that no declaration backs. */
const undeclared = (settings: Declared[], table: Map<string, string>): string[] => {
  const names = new Set(settings.filter((setting) => !setting.internal).map((setting) => setting.name));
  return [...table.keys()].filter((name) => !names.has(name));
};

describe('settings', () => {
  const { rows: table, unreadable } = readmeTable('## Configuration');

  it('the README table has one variable per row', () => {
    expect(table.size).toBeGreaterThan(90);
    expect(unreadable).toEqual([]);
  });

  it('every declared variable has a one-line doc', () => {
    expect(declared.length).toBeGreaterThan(90);
    expect(declared.filter((setting) => setting.description === undefined || setting.description.includes('\n')).map((setting) => `${setting.app}: ${setting.name}`)).toEqual([]);
  });

  it('every variable users may set is in the README table, with its default', () => {
    expect(undocumented(declared, table)).toEqual([]);
  });

  it('every variable the README table lists is declared', () => {
    expect(undeclared(declared, table)).toEqual([]);
  });

  it('the benchmarks’ variables are declared once, with a one-line doc, and in the README’s Benchmark settings table', () => {
    const bench = readmeTable('### Benchmark settings');
    expect(benchDeclared.length).toBeGreaterThan(7);
    expect(benchDeclared.filter((setting) => setting.description === undefined || setting.description.includes('\n')).map((setting) => setting.name)).toEqual([]);
    expect(bench.unreadable).toEqual([]);
    expect(undocumented(benchDeclared, bench.rows)).toEqual([]);
    expect(undeclared(benchDeclared, bench.rows)).toEqual([]);
    // Developer settings apart from the users': no name in both.
    expect(benchDeclared.filter((setting) => declared.some((other) => other.name === setting.name)).map((setting) => setting.name)).toEqual([]);
  });

  it('a variable read by several apps has one default', () => {
    const byName = new Map<string, Declared[]>();
    for (const setting of declared) byName.set(setting.name, [...(byName.get(setting.name) ?? []), setting]);
    const disagreeing = [...byName.entries()]
      .filter(([name, settings]) => DIFFERENT_ON_PURPOSE[name] === undefined && new Set(settings.map((setting) => setting.shown)).size > 1)
      .map(([name, settings]) => `${name}: ${settings.map((setting) => `${setting.app} ${setting.shown}`).join(', ')}`);
    expect(disagreeing).toEqual([]);
  });

  it('the apps and packages read no PARLEY_* variable they do not declare', () => {
    const names = new Set([...declared, ...benchDeclared].map((setting) => setting.name));
    const read = new Set<string>();
    for (const dir of ['apps/agent', 'apps/api', 'apps/launcher', 'apps/bench', 'packages/models']) {
      for (const file of sourceFiles(path.join(ROOT, dir, 'src'))) {
        for (const match of readFileSync(file, 'utf8').matchAll(/\bPARLEY_[A-Z0-9]+(?:_[A-Z0-9]+)*\b/g)) read.add(match[0]);
      }
    }
    // Prefixes in messages ("PARLEY_ALLOWED_*", "PARLEY_*_PORT") are not variables.
    expect([...read].filter((name) => !names.has(name) && !/_$/.test(name)).sort()).toEqual([]);
  });

  it('no package but the model manager reads a PARLEY_* variable: the apps pass settings in', () => {
    const packages = readdirSync(path.join(ROOT, 'packages')).filter((name) => name !== 'models');
    const reads = packages.flatMap((name) =>
      sourceFiles(path.join(ROOT, 'packages', name, 'src')).flatMap((file) =>
        // A PARLEY_* name read from an environment, or any variable read by a computed name.
        [...readFileSync(file, 'utf8').matchAll(/\benv(?:\.|\[\s*['"`])(PARLEY_[A-Z0-9_]+)|\benv\[(?!\s*['"`])([^\]]+)\]/g)].map(
          (match) => `${path.relative(ROOT, file)}: ${match[1] ?? match[2] ?? ''}`,
        ),
      ),
    );
    expect(packages.length).toBeGreaterThan(5);
    expect(reads).toEqual([]);
  });
});
