import { existsSync } from 'node:fs';
import path from 'node:path';
import { CATALOGUE, findModel, loadModelsConfig, missingFiles, modelDir, ModelNotInstalledError } from '@parley/models';
import { z } from 'zod';
import { loadBenchSettings } from '../settings.js';
import { CATEGORIES, type Category } from './eval-set.js';

export const DEFAULT_BRAIN_MODEL = 'qwen2.5-coder-1.5b-instruct-q4_k_m';

/**
 * The evaluation sets: `fixed` (eval-set.ts, the one the router was tuned on), `held-out` (held-out-set.ts,
 * written blind to it) and `held-out-2` (held-out-set-2.ts, written blind to the router and to both other sets).
 */
export const EVAL_SET_NAMES = ['fixed', 'held-out', 'held-out-2'] as const;
export type EvalSetName = (typeof EVAL_SET_NAMES)[number];

/** Each set's default output label, so that a run of one set never overwrites another's results. */
const DEFAULT_LABELS: Record<EvalSetName, string> = { fixed: 'brain', 'held-out': 'brain-held-out', 'held-out-2': 'brain-held-out-2' };

export const USAGE = `usage: npm run bench:brain -- [--model NAME|FILE.gguf] [--set fixed|held-out|held-out-2] [--label NAME] [--out DIR] [--only CATEGORY[,CATEGORY]] [--no-router] [--no-prime]
  --model      a catalogue name (default ${DEFAULT_BRAIN_MODEL}) or a path to a .gguf file
  --set        the evaluation set: fixed (default; the set the intent router was tuned on), held-out (written blind to it)
               or held-out-2 (a second one, written blind to the router and to both other sets)
  --label      names the outputs DIR/<label>.json and .md (default brain, brain-held-out or brain-held-out-2 for the sets)
  --out        output folder, relative to the repository (default bench-results, or PARLEY_BENCH_OUT)
  --only       run only these categories: ${CATEGORIES.join(', ')}
  --no-router  the model alone decides every tool call (production routes plain requests without it)
  --no-prime   conversations start cold (production starts them with the prompt prefix evaluated)`;

const BrainBenchOptionsSchema = z.object({
  model: z.string().min(1),
  set: z.enum(EVAL_SET_NAMES),
  label: z.string().regex(/^[A-Za-z0-9_.-]{1,60}$/, 'letters, digits, _ . - only'),
  outDir: z.string().min(1),
  only: z.array(z.enum(CATEGORIES)).nullable(),
  router: z.boolean(),
  prime: z.boolean(),
});

export type BrainBenchOptions = z.infer<typeof BrainBenchOptionsSchema>;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Parses the command line (with PARLEY_BENCH_OUT as the default output folder). */
export function parseBrainBenchOptions(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): BrainBenchOptions {
  const raw: { model: string; set: string; label: string | null; outDir: string; only: string[] | null; router: boolean; prime: boolean } = {
    model: DEFAULT_BRAIN_MODEL,
    set: 'fixed',
    label: null,
    outDir: loadBenchSettings(env).PARLEY_BENCH_OUT,
    only: null,
    router: true,
    prime: true,
  };
  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index];
    const value = argv[index + 1];
    const takeValue = (): string => {
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value\n${USAGE}`);
      index += 1;
      return value;
    };
    switch (flag) {
      case '--model':
        raw.model = takeValue();
        break;
      case '--set':
        raw.set = takeValue();
        break;
      case '--label':
        raw.label = takeValue();
        break;
      case '--out':
        raw.outDir = takeValue();
        break;
      case '--only':
        raw.only = [...(raw.only ?? []), ...takeValue().split(',').map((entry) => entry.trim()).filter(Boolean)];
        break;
      case '--no-router':
        raw.router = false;
        break;
      case '--no-prime':
        raw.prime = false;
        break;
      default:
        throw new UsageError(`unknown option ${flag}\n${USAGE}`);
    }
  }
  // Each set's results get their own default file, so a run of one set never overwrites another's.
  const setName = EVAL_SET_NAMES.find((name) => name === raw.set);
  const parsed = BrainBenchOptionsSchema.safeParse({ ...raw, label: raw.label ?? (setName === undefined ? 'brain' : DEFAULT_LABELS[setName]) });
  if (!parsed.success) throw new UsageError(`${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}\n${USAGE}`);
  return parsed.data;
}

export function selectedCategories(options: BrainBenchOptions): readonly Category[] {
  return options.only ?? CATEGORIES;
}

/**
 * The GGUF to load: a path as given, or a catalogue model's file under
 * `<PARLEY_MODELS_DIR or <repo>/.parley/models>/<name>/`, the same place the agent loads it from.
 */
export async function resolveModelFile(model: string, repoRoot: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (model.endsWith('.gguf')) {
    const file = path.resolve(model);
    if (!existsSync(file)) throw new UsageError(`no model file at ${file}`);
    return file;
  }
  const entry = findModel(model);
  if (entry === undefined || entry.kind !== 'llm') {
    const known = CATALOGUE.filter((candidate) => candidate.kind === 'llm').map((candidate) => candidate.name);
    throw new UsageError(`"${model}" is not a language model in the catalogue (known: ${known.join(', ')}); or pass a path to a .gguf file`);
  }
  const gguf = entry.files.find((file) => file.path.endsWith('.gguf'));
  if (gguf === undefined) throw new UsageError(`catalogue entry ${model} has no .gguf file`);
  const config = loadModelsConfig(env, repoRoot);
  const missing = await missingFiles(config, entry);
  if (missing.length > 0) throw new ModelNotInstalledError(entry, missing, config.modelsDir);
  return path.join(modelDir(config, entry), gguf.path);
}
