import { z } from 'zod';

// Strings where a command-line flag can take the setting's place: the bench's own config
// (config.ts) validates the value, whichever of the two it came from.

/**
 * The benchmarks' variables, each with its default and a one-line doc; the README's "Benchmark
 * settings" table is held to them by tests/architecture/settings.test.ts. Developer settings: the
 * stack the bench starts reads its own (--env passes agent settings to it).
 */
export const BENCH_SETTINGS = z.object({
  PARLEY_BENCH_TURNS: z.string().default('50').meta({ description: '`npm run bench`: turns in the single-conversation run (`--turns` wins)' }),
  PARLEY_BENCH_SWEEP: z.string().default('1,2,4,8').meta({ description: '`npm run bench`: simultaneous conversations per sweep level (`--sweep` wins)' }),
  PARLEY_BENCH_SWEEP_TURNS: z.string().default('10').meta({ description: '`npm run bench`: turns per conversation in each sweep level (`--sweep-turns` wins)' }),
  PARLEY_BENCH_DEGRADE_P95_MS: z.string().default('6000').meta({ description: '`npm run bench`: the p95 above which a sweep level degrades (`--degrade-p95-ms` wins)' }),
  PARLEY_BENCH_CUT_INS: z.string().default('9').meta({ description: '`npm run bench`: cut-ins over the agent\'s replies after the single run, 0 for none (`--cut-ins` wins)' }),
  PARLEY_BENCH_LABEL: z.string().default('latest').meta({ description: '`npm run bench`: the name of the output files (`--label` wins)' }),
  PARLEY_BENCH_OUT: z.string().default('bench-results').meta({ description: 'every benchmark: its output folder, relative to the repository (`--out` wins)' }),
  PARLEY_HUMAN_SPEECH_OFFLINE: z
    .enum(['0', '1'])
    .default('0')
    .transform((value) => value === '1')
    .meta({ description: '`npm run bench:human`: `1` never asks a registry for the clips\' packages; it says which file is missing' }),
});

export type BenchSettings = z.output<typeof BENCH_SETTINGS>;

export class BenchSettingsError extends Error {
  override readonly name = 'BenchSettingsError';
}

/** Reads the benchmarks' variables once, validated. */
export function loadBenchSettings(env: Record<string, string | undefined>): BenchSettings {
  const parsed = BENCH_SETTINGS.safeParse(env);
  if (!parsed.success) {
    throw new BenchSettingsError(`Invalid benchmark settings: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  }
  return parsed.data;
}
