import { z } from 'zod';
import { loadBenchSettings } from './settings.js';

const positiveList = z
  .string()
  .regex(/^\d+(,\d+)*$/, 'a comma-separated list of positive integers, e.g. 1,2,4,8')
  .transform((text) => text.split(',').map(Number).filter((value) => value > 0));

const BenchConfigSchema = z.object({
  turns: z.coerce.number().int().min(1).max(1000),
  sweep: positiveList,
  sweepTurns: z.coerce.number().int().min(1).max(200),
  /** A sweep level "degrades" when its p95 exceeds this bound or its p50 is more than twice level 1's. */
  degradeP95Ms: z.coerce.number().int().min(100),
  label: z.string().regex(/^[A-Za-z0-9_.-]{1,60}$/),
  outDir: z.string().min(1),
  /** Environment overrides for the stack (agent tuning knobs), from repeated --env KEY=VALUE. */
  stackEnv: z.record(z.string().regex(/^[A-Z][A-Z0-9_]*$/), z.string()),
  replyTimeoutMs: z.coerce.number().int().min(1000),
  /** Cut-ins over the agent's replies after the single run (words, a cough, an acknowledgement, in turn); 0: none. */
  cutIns: z.coerce.number().int().min(0).max(300),
  /** What the user says: the Festival-synthesised command set, or the recordings of real people (bench:human's set). */
  speech: z.enum(['festival', 'human'], { error: '--speech must be festival or human' }),
  /** Agent settings compared one after another under one stack lock; the sweep runs for the first only. */
  variants: z.array(z.object({ name: z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/), env: z.record(z.string(), z.string()) })),
  /** Cluster mode (--cluster 2,4,6,8): simultaneous conversations per level through a 2-node LiveKit cluster; empty: the single-node bench. */
  clusterLevels: z.union([z.literal('').transform(() => [] as number[]), positiveList]),
});

export type BenchConfig = z.infer<typeof BenchConfigSchema>;

export const USAGE = `usage: npm run bench -- [--turns N] [--sweep 1,2,4,8] [--sweep-turns N] [--degrade-p95-ms MS]
                        [--cut-ins N] [--speech festival|human] [--label NAME] [--out DIR] [--env KEY=VALUE]... [--variant NAME:KEY=VALUE,KEY=VALUE]...
       npm run bench -- --cluster 2,4,6,8 [--sweep-turns N] [--env KEY=VALUE]...   (LiveKit cluster mode)
Runs inside scripts/run-isolated.sh (real LiveKit, agent and API); writes DIR/<label>.json and .svg.`;

/** Parses command-line flags (with the declared settings as fallbacks) once into a validated config. */
export function loadBenchConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const settings = loadBenchSettings(env);
  const raw: Record<string, unknown> = {
    turns: settings.PARLEY_BENCH_TURNS,
    sweep: settings.PARLEY_BENCH_SWEEP,
    sweepTurns: settings.PARLEY_BENCH_SWEEP_TURNS,
    degradeP95Ms: settings.PARLEY_BENCH_DEGRADE_P95_MS,
    label: settings.PARLEY_BENCH_LABEL,
    outDir: settings.PARLEY_BENCH_OUT,
    replyTimeoutMs: '20000',
    cutIns: settings.PARLEY_BENCH_CUT_INS,
    speech: 'festival',
    clusterLevels: '',
  };
  const stackEnv: Record<string, string> = {};
  const variants: { name: string; env: Record<string, string> }[] = [];
  const flags: Record<string, string> = {
    '--turns': 'turns', '--sweep': 'sweep', '--sweep-turns': 'sweepTurns', '--degrade-p95-ms': 'degradeP95Ms', '--label': 'label', '--out': 'outDir', '--cut-ins': 'cutIns', '--speech': 'speech',
    '--cluster': 'clusterLevels',
  };
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index] ?? '';
    const value = argv[index + 1];
    if (value === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
    index++;
    if (flag === '--variant') {
      const [name = '', assignments = ''] = value.split(':', 2);
      const env: Record<string, string> = {};
      for (const assignment of assignments.split(',').filter(Boolean)) {
        const separator = assignment.indexOf('=');
        if (separator <= 0) throw new Error(`--variant expects NAME:KEY=VALUE,KEY=VALUE, got ${value}`);
        env[assignment.slice(0, separator)] = assignment.slice(separator + 1);
      }
      variants.push({ name, env });
      continue;
    }
    if (flag === '--env') {
      const separator = value.indexOf('=');
      if (separator <= 0) throw new Error(`--env expects KEY=VALUE, got ${value}`);
      stackEnv[value.slice(0, separator)] = value.slice(separator + 1);
      continue;
    }
    const key = flags[flag];
    if (!key) throw new Error(`unknown flag ${flag}\n${USAGE}`);
    raw[key] = value;
  }
  return BenchConfigSchema.parse({ ...raw, stackEnv, variants });
}
