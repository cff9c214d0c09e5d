import { readFileSync } from 'node:fs';
import path from 'node:path';
import { resultsDir } from './paths.js';

export interface AgentLogEntry {
  msg?: string;
  pid?: number;
  time?: number;
  [key: string]: unknown;
}

/** The agent's structured (JSON) log lines of a test stack started as `name`. */
export function agentLogEntries(name: string, message?: string): AgentLogEntry[] {
  const file = path.join(resultsDir, 'runs', name, 'logs', 'agent.log');
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const entries: AgentLogEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line) as AgentLogEntry;
      if (message === undefined || entry.msg === message) entries.push(entry);
    } catch {
      // Not every line is JSON (native helpers print plain text).
    }
  }
  return entries;
}

/** Resident memory of a process in MB, from /proc; null when it is gone. */
export function residentMemoryMb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}
