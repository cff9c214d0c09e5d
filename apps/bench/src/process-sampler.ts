import { readFileSync, readdirSync } from 'node:fs';

/** Linux reports CPU times in clock ticks; USER_HZ is 100 on every mainstream x86-64 kernel. */
const CLOCK_TICKS_PER_SECOND = 100;
const PAGE_BYTES = 4096;

interface ProcStat {
  pid: number;
  ppid: number;
  cpuTicks: number;
  rssBytes: number;
}

function readStat(pid: number): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may contain spaces: parse after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return {
      pid,
      ppid: Number(fields[1]),
      cpuTicks: Number(fields[11]) + Number(fields[12]),
      rssBytes: Number(fields[21]) * PAGE_BYTES,
    };
  } catch {
    return null;
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** Every process below `root` (inclusive), from one scan of /proc. */
function processTree(root: number): ProcStat[] {
  const all: ProcStat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (stat) all.push(stat);
  }
  const children = new Map<number, ProcStat[]>();
  for (const stat of all) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
  const result: ProcStat[] = [];
  const rootStat = all.find((stat) => stat.pid === root);
  const queue = rootStat ? [rootStat] : [];
  while (queue.length > 0) {
    const current = queue.shift() as ProcStat;
    result.push(current);
    queue.push(...(children.get(current.pid) ?? []));
  }
  return result;
}

/** The agent worker started by this benchmark: the first descendant (breadth-first) running apps/agent. */
export function findAgentWorkerPid(): number | null {
  const agent = processTree(process.pid).find((stat) => stat.pid !== process.pid && commandLine(stat.pid).includes('apps/agent/dist/main.js'));
  return agent?.pid ?? null;
}

export interface ResourceUsage {
  /** Average CPU of the whole agent tree over the window, in cores (1.0 = one core busy). */
  cpuCores: number;
  /** Peak resident memory of the agent tree seen in the window. */
  peakRssMb: number;
  meanRssMb: number;
  samples: number;
}

/**
 * Samples the agent worker's process tree (worker + job processes + their helpers) every interval.
 * CPU is summed per process, so a job process that ends in the window keeps the time it used
 * (a plain tree total would drop it and could even go negative).
 */
export class TreeSampler {
  #timer: NodeJS.Timeout | null = null;
  #startAt = 0;
  #rss: number[] = [];
  /** CPU ticks last seen per pid; processes born in the window start from 0. */
  #lastTicks = new Map<number, number>();
  #usedTicks = 0;

  constructor(private readonly rootPid: number, private readonly intervalMs = 500) {}

  #sample(): number {
    const tree = processTree(this.rootPid);
    for (const stat of tree) {
      this.#usedTicks += Math.max(0, stat.cpuTicks - (this.#lastTicks.get(stat.pid) ?? 0));
      this.#lastTicks.set(stat.pid, stat.cpuTicks);
    }
    return tree.reduce((sum, stat) => sum + stat.rssBytes, 0);
  }

  start(): void {
    const tree = processTree(this.rootPid);
    this.#lastTicks = new Map(tree.map((stat) => [stat.pid, stat.cpuTicks]));
    this.#usedTicks = 0;
    this.#startAt = Date.now();
    this.#rss = [tree.reduce((sum, stat) => sum + stat.rssBytes, 0)];
    this.#timer = setInterval(() => this.#rss.push(this.#sample()), this.intervalMs);
  }

  stop(): ResourceUsage {
    if (this.#timer) clearInterval(this.#timer);
    this.#rss.push(this.#sample());
    const seconds = Math.max(0.001, (Date.now() - this.#startAt) / 1000);
    const mb = (bytes: number): number => Math.round(bytes / 1_000_000);
    return {
      cpuCores: Math.round((this.#usedTicks / CLOCK_TICKS_PER_SECOND / seconds) * 100) / 100,
      peakRssMb: mb(Math.max(...this.#rss)),
      meanRssMb: mb(this.#rss.reduce((sum, value) => sum + value, 0) / this.#rss.length),
      samples: this.#rss.length,
    };
  }
}
