import type { EvalSetName } from './options.js';
import type { BrainSettings } from './runner.js';
import type { BrainSummary, Ratio } from './scoring.js';

export interface BrainRunInfo {
  model: string;
  modelFile: string;
  loadMs: number;
  /** Which evaluation set ran: the fixed one the intent router was tuned on, or one of the held-out ones. */
  evalSet: EvalSetName;
  settings: BrainSettings;
  machine: string;
  items: number;
  measuredAt: string;
  /** One-minute load averages before the run and after each turn: anything else running skews latency. */
  loadAverage: { before: number; duringP50: number; duringMax: number };
  cpus: number;
}

const EVAL_SET_DESCRIPTIONS: Record<EvalSetName, string> = {
  fixed: 'The fixed evaluation set (eval-set.ts; the intent router was tuned on it, so it is not held out)',
  'held-out': 'The held-out evaluation set (held-out-set.ts; written blind to the intent router)',
  'held-out-2': 'The second held-out evaluation set (held-out-set-2.ts; written blind to the intent router and to both other sets)',
};

/** The bar a local brain should clear to be Parley's default. */
export const TARGETS = { toolPrecision: 0.95, toolRecall: 0.95, factualCorrectness: 0.85 } as const;

function percent(value: Ratio): string {
  return value.rate === null ? 'n/a (0 turns)' : `${(value.rate * 100).toFixed(1)} % (${value.hits}/${value.total})`;
}

function target(value: Ratio, goal: number): string {
  if (value.rate === null) return `≥ ${goal * 100} %`;
  return `≥ ${goal * 100} % ${value.rate >= goal ? 'met' : 'NOT met'}`;
}

function ms(value: number | null): string {
  return value === null ? 'n/a' : `${Math.round(value)} ms`;
}

/** Table cells: no pipes or line breaks. */
function cell(text: string, maxLength = 160): string {
  const flat = text.replace(/\s+/g, ' ').replaceAll('|', '/').trim();
  return flat.length > maxLength ? `${flat.slice(0, maxLength - 1)}…` : flat;
}

/** The bench itself keeps about one CPU per thread busy; a median load beyond that means something else ran. */
export function contended(info: BrainRunInfo): boolean {
  return info.loadAverage.duringP50 > info.cpus + 1;
}

export function brainMarkdown(info: BrainRunInfo, summary: BrainSummary): string {
  const { latency } = summary;
  return [
    `# Brain benchmark: ${info.model}, ${info.evalSet} set`,
    '',
    `${info.measuredAt}, ${info.machine}. ${EVAL_SET_DESCRIPTIONS[info.evalSet]}: ${info.items} conversations, ${summary.turns} user turns, each through \`voice.AgentSession.run\` ` +
      `with the agent's tools and system prompt (the framework runs the tools). Context ${info.settings.contextSize} tokens, ` +
      `at most ${info.settings.maxTokens} tokens a reply, temperature ${info.settings.temperature}; ` +
      `${info.settings.router ? "production's intent router on (plain requests are routed without a model pass)" : 'no intent router (the model makes every call)'}, ` +
      `${info.settings.prime ? 'conversations start with the prompt prefix primed' : 'conversations start cold'}. Model file ${info.modelFile}, loaded in ${info.loadMs} ms. ` +
      `CPU load average ${info.loadAverage.before.toFixed(1)} before the run, ${info.loadAverage.duringP50.toFixed(1)} (median) and ${info.loadAverage.duringMax.toFixed(1)} (max) during it.`,
    ...(contended(info)
      ? ['', `**Other work shared the ${info.cpus} CPUs during this run (load above ${info.cpus + 1}): its latency and speed numbers are not representative; rerun on a quiet machine.**`]
      : []),
    '',
    '| metric | result | target |',
    '|---|---|---|',
    `| tool precision (correct calls / turns with a call) | ${percent(summary.toolPrecision)} | ${target(summary.toolPrecision, TARGETS.toolPrecision)} |`,
    `| … where the intent router made the first call / where the model did | ${percent(summary.toolPrecisionBySource.routed)} / ${percent(summary.toolPrecisionBySource.model)} | |`,
    `| tool recall (correct calls / turns that need a tool) | ${percent(summary.toolRecall)} | ${target(summary.toolRecall, TARGETS.toolRecall)} |`,
    `| factual answers right | ${percent(summary.factualCorrectness)} | ${target(summary.factualCorrectness, TARGETS.factualCorrectness)} |`,
    `| answers from tool results right | ${percent(summary.toolAnswerCorrectness)} | |`,
    `| no false claim on what it cannot do | ${percent(summary.honesty)} | |`,
    `| turns with nothing said | ${summary.silentTurns} | 0 |`,
    `| turns with the same call repeated | ${summary.repeatedCallTurns} | 0 |`,
    `| turns passed (every check) | ${summary.passedTurns}/${summary.turns} | |`,
    `| time to first token, first model pass of a turn, p50 / p95 | ${ms(latency.firstTokenMs.p50)} / ${ms(latency.firstTokenMs.p95)} | |`,
    `| time to first spoken token (after tool steps) p50 / p95 | ${ms(latency.firstSpokenTokenMs.p50)} / ${ms(latency.firstSpokenTokenMs.p95)} | |`,
    `| whole turn, tool steps included, p50 / p95 | ${ms(latency.turnMs.p50)} / ${ms(latency.turnMs.p95)} | |`,
    `| decoding speed | ${latency.tokensPerSecond === null ? 'n/a' : `${latency.tokensPerSecond.toFixed(1)} tokens/s`} | |`,
    `| turns whose calls the intent router made | ${summary.routedTurns} | |`,
    `| tool calls written as text instead of made | ${summary.toolCallsAsText} | 0 |`,
    `| turns that errored or timed out | ${summary.errors} | 0 |`,
    '',
    '| category | turns | passed | right tool behaviour | answers right |',
    '|---|---|---|---|---|',
    ...summary.byCategory.map(
      (score) => `| ${score.category} | ${score.turns} | ${score.passed} | ${score.toolOk} | ${score.answers.total === 0 ? '–' : `${score.answers.hits}/${score.answers.total}`} |`,
    ),
    '',
    `## Failures (${summary.failures.length})`,
    '',
    ...(summary.failures.length === 0
      ? ['None.']
      : [
          '| item | user said | expected | got | reply | problems |',
          '|---|---|---|---|---|---|',
          ...summary.failures.map(
            (failure) =>
              `| ${failure.itemId}${failure.turnIndex > 0 ? ` (turn ${failure.turnIndex + 1})` : ''} | ${cell(failure.user)} | ${cell(failure.expected)} | ${cell(failure.got)} | ${cell(failure.reply)} | ${cell(failure.problems.join('; '), 240)} |`,
          ),
        ]),
    '',
  ].join('\n');
}
