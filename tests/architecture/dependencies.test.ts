import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Enforces the direction of dependencies ARCHITECTURE.md describes, from the package.json files
// and the import statements themselves, so a shortcut fails here instead of in review.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Workspace {
  name: string;
  dir: string;
  /** The @parley/* packages its package.json declares (dependencies and devDependencies). */
  declared: string[];
  /** Those it declares as runtime dependencies (what ships with it). */
  runtime: string[];
}

interface PackageJson {
  name: string;
  workspaces?: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const readJson = (file: string): PackageJson => JSON.parse(readFileSync(file, 'utf8')) as PackageJson;

const workspaces: Workspace[] = (readJson(path.join(ROOT, 'package.json')).workspaces ?? []).map((dir) => {
  const pkg = readJson(path.join(ROOT, dir, 'package.json'));
  const ours = (names: Record<string, string> = {}): string[] => Object.keys(names).filter((name) => name.startsWith('@parley/'));
  return { name: pkg.name, dir, declared: ours({ ...pkg.dependencies, ...pkg.devDependencies }), runtime: ours(pkg.dependencies) };
});
const byName = new Map(workspaces.map((workspace) => [workspace.name, workspace]));

/** Cross-workspace relative imports that are there on purpose (file → why). */
const RELATIVE_EXCEPTIONS: Record<string, string> = {
  // Loads the API's and the agent's config side by side to prove they read the allow-lists alike.
  'apps/agent/src/providers/allow-lists.test.ts': '../../../api/src/config.js',
};

function sourceFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    if (entry === 'node_modules' || entry === 'dist') return [];
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry) && !entry.endsWith('.d.ts') ? [full] : [];
  });
}

/** Module specifiers of static imports, re-exports and dynamic imports with a literal. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm)) {
    const specifier = match[1] ?? match[2] ?? match[3];
    if (specifier !== undefined) found.push(specifier);
  }
  return found;
}

const packageOf = (specifier: string): string | null => (/^@parley\/[^/]+/.exec(specifier)?.[0] ?? null);

const imports = workspaces.map((workspace) => ({
  workspace,
  files: sourceFiles(path.join(ROOT, workspace.dir, 'src')).map((file) => ({ file: path.relative(ROOT, file), specifiers: importsOf(file) })),
}));

describe('dependency direction', () => {
  it('finds the workspaces and their sources', () => {
    expect(byName.has('@parley/protocol')).toBe(true);
    expect(imports.find((entry) => entry.workspace.name === '@parley/agent')?.files.length).toBeGreaterThan(20);
  });

  it('every @parley import is declared in the importing package.json', () => {
    const undeclared = imports.flatMap(({ workspace, files }) =>
      files.flatMap(({ file, specifiers }) =>
        specifiers.map(packageOf).filter((name): name is string => name !== null && name !== workspace.name && !workspace.declared.includes(name)).map((name) => `${file} imports ${name}`),
      ),
    );
    expect(undeclared).toEqual([]);
  });

  it('relative imports stay inside their workspace', () => {
    const escaping = imports.flatMap(({ workspace, files }) =>
      files.flatMap(({ file, specifiers }) =>
        specifiers
          .filter((specifier) => specifier.startsWith('.'))
          .filter((specifier) => path.relative(path.join(ROOT, workspace.dir), path.resolve(ROOT, path.dirname(file), specifier)).startsWith('..'))
          .filter((specifier) => RELATIVE_EXCEPTIONS[file] !== specifier)
          .map((specifier) => `${file} imports ${specifier}`),
      ),
    );
    expect(escaping).toEqual([]);
  });

  it('packages never depend on apps, and plugins never on each other', () => {
    const wrong = workspaces
      .filter((workspace) => workspace.dir.startsWith('packages/'))
      .flatMap((workspace) =>
        workspace.declared
          .filter((name) => {
            const target = byName.get(name);
            return target === undefined || !target.dir.startsWith('packages/') || (workspace.name.startsWith('@parley/plugin-') && name.startsWith('@parley/plugin-'));
          })
          .map((name) => `${workspace.name} depends on ${name}`),
      );
    expect(wrong).toEqual([]);
  });

  it('@parley/protocol imports nothing of ours and no Node built-in (the web client bundles it)', () => {
    const protocol = imports.find((entry) => entry.workspace.name === '@parley/protocol');
    const internal = (protocol?.files ?? []).flatMap(({ file, specifiers }) =>
      specifiers.filter((specifier) => specifier.startsWith('@parley/') || specifier.startsWith('node:')).map((specifier) => `${file} imports ${specifier}`),
    );
    expect(byName.get('@parley/protocol')?.declared).toEqual([]);
    expect(internal).toEqual([]);
  });

  it('the API and the web client share only @parley/protocol with the rest (and the test harness in their tests)', () => {
    expect(byName.get('@parley/api')?.runtime).toEqual(['@parley/protocol']);
    expect(byName.get('@parley/web')?.runtime).toEqual(['@parley/protocol']);
    for (const name of ['@parley/api', '@parley/web']) {
      expect(byName.get(name)?.declared.filter((dependency) => dependency !== '@parley/protocol').every((dependency) => dependency === '@parley/test-harness')).toBe(true);
      // The harness only in tests and their helpers, never in what the server or the page runs.
      const workspace = imports.find((entry) => entry.workspace.name === name);
      const harnessInProduct = (workspace?.files ?? []).filter(
        ({ file, specifiers }) => specifiers.some((specifier) => specifier.startsWith('@parley/test-harness')) && !/\.test\.tsx?$|[/\\]testing[/\\]/.test(file),
      );
      expect(harnessInProduct.map(({ file }) => file)).toEqual([]);
    }
  });

  it('no module imports itself back through others at run time (type-only imports aside)', () => {
    const runtimeImports = (file: string): string[] => {
      const text = readFileSync(file, 'utf8');
      return [...text.matchAll(/(?:^|[\s;])(import|export)\s+(type\s)?[^'"`;]*?from\s*['"](\.[^'"]+)['"]/gm)]
        .filter((match) => match[2] === undefined)
        .map((match) => path.resolve(path.dirname(file), (match[3] ?? '').replace(/\.js$/, '')))
        .flatMap((base) => ['.ts', '.tsx', '/index.ts'].map((ext) => base + ext).filter((candidate) => existsSync(candidate)).slice(0, 1));
    };
    const modules = imports.flatMap(({ files }) => files.map(({ file }) => path.join(ROOT, file))).filter((file) => !/\.test\.tsx?$/.test(file));
    const edges = new Map(modules.map((file) => [file, runtimeImports(file)]));
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, trail: string[]): void => {
      state.set(file, 'open');
      for (const next of edges.get(file) ?? []) {
        if (state.get(next) === 'open') cycles.push([...trail.slice(trail.indexOf(next)), next].map((each) => path.relative(ROOT, each)).join(' → '));
        else if (!state.has(next)) visit(next, [...trail, next]);
      }
      state.set(file, 'done');
    };
    for (const file of modules) if (!state.has(file)) visit(file, [file]);
    expect(modules.length).toBeGreaterThan(200);
    expect(cycles).toEqual([]);
  });

  it('the workspace packages form no cycle', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (name: string, trail: string[]): void => {
      if (state.get(name) === 'done') return;
      if (state.get(name) === 'visiting') {
        cycles.push([...trail.slice(trail.indexOf(name)), name].join(' → '));
        return;
      }
      state.set(name, 'visiting');
      for (const next of byName.get(name)?.declared ?? []) visit(next, [...trail, name]);
      state.set(name, 'done');
    };
    for (const workspace of workspaces) visit(workspace.name, []);
    expect(cycles).toEqual([]);
  });
});
