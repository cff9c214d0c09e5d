import type { BenchReport } from './report.js';

const WIDTH = 960;
const HEIGHT = 420;
const STAGE_COLOURS: Record<string, string> = { 'end of utterance': '#6c8ebf', 'LLM + TTS after commit': '#82b366', overhead: '#b85450' };

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[char] ?? char);
}

function text(x: number, y: number, content: string, attributes = ''): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attributes}>${escapeXml(content)}</text>`;
}

/** Left: every turn's voice-to-voice latency with the targets and the p50 stage split. Right: the concurrency sweep. */
export function renderChart(report: BenchReport): string {
  const parts: string[] = [];
  const turns = report.single.turns.filter((turn) => turn.voiceToVoiceMs !== null);
  const maxLatency = Math.max(1600, ...turns.map((turn) => turn.voiceToVoiceMs ?? 0), ...report.sweep.map((level) => level.latency.voiceToVoice.p95 ?? 0)) * 1.1;
  // Panel 1: per-turn scatter.
  const p1 = { x: 60, y: 50, w: 400, h: 260 };
  const yOf = (ms: number): number => p1.y + p1.h - (ms / maxLatency) * p1.h;
  parts.push(`<rect x="${p1.x}" y="${p1.y}" width="${p1.w}" height="${p1.h}" fill="#fafafa" stroke="#ccc"/>`);
  for (let ms = 0; ms <= maxLatency; ms += 500) {
    parts.push(`<line x1="${p1.x}" x2="${p1.x + p1.w}" y1="${yOf(ms)}" y2="${yOf(ms)}" stroke="#eee"/>`, text(p1.x - 6, yOf(ms) + 4, `${ms}`, 'text-anchor="end" font-size="10"'));
  }
  for (const [ms, label] of [[1000, 'target p50 1.0 s'], [1500, 'target p95 1.5 s']] as const) {
    parts.push(`<line x1="${p1.x}" x2="${p1.x + p1.w}" y1="${yOf(ms)}" y2="${yOf(ms)}" stroke="#b85450" stroke-dasharray="4 3"/>`, text(p1.x + p1.w - 4, yOf(ms) - 3, label, 'text-anchor="end" font-size="10" fill="#b85450"'));
  }
  turns.forEach((turn, index) => {
    const x = p1.x + ((index + 0.5) / Math.max(1, turns.length)) * p1.w;
    parts.push(`<circle cx="${x.toFixed(1)}" cy="${yOf(turn.voiceToVoiceMs ?? 0).toFixed(1)}" r="3" fill="#333"><title>${escapeXml(`${turn.text}: ${turn.voiceToVoiceMs} ms`)}</title></circle>`);
  });
  const v2v = report.single.latency.voiceToVoice;
  parts.push(text(p1.x, p1.y - 28, `Voice-to-voice, 1 conversation, ${turns.length} turns (ms)`, 'font-size="13" font-weight="bold"'));
  parts.push(text(p1.x, p1.y - 12, `p50 ${v2v.p50} · p95 ${v2v.p95} · max ${v2v.max}`, 'font-size="11"'));
  // Stage split of the p50s under panel 1.
  const stages: [string, number][] = [
    ['end of utterance', report.single.latency.endOfUtterance.p50 ?? 0],
    ['LLM + TTS after commit', report.single.latency.replyAfterCommit.p50 ?? 0],
    ['overhead', Math.max(0, report.single.latency.overhead.p50 ?? 0)],
  ];
  const total = Math.max(1, stages.reduce((sum, [, ms]) => sum + ms, 0));
  let x = p1.x;
  const barY = p1.y + p1.h + 40;
  parts.push(text(p1.x, barY - 6, 'p50 per stage on the critical path (ms)', 'font-size="11"'));
  for (const [name, ms] of stages) {
    const w = (ms / total) * p1.w;
    parts.push(`<rect x="${x.toFixed(1)}" y="${barY}" width="${w.toFixed(1)}" height="22" fill="${STAGE_COLOURS[name]}"><title>${escapeXml(`${name}: ${ms} ms`)}</title></rect>`);
    if (w > 50) parts.push(text(x + 4, barY + 15, `${name.split(' ')[0]} ${ms}`, 'font-size="10" fill="white"'));
    x += w;
  }
  // Panel 2: sweep.
  const p2 = { x: 560, y: 50, w: 360, h: 260 };
  const levels = report.sweep;
  parts.push(`<rect x="${p2.x}" y="${p2.y}" width="${p2.w}" height="${p2.h}" fill="#fafafa" stroke="#ccc"/>`);
  parts.push(text(p2.x, p2.y - 28, 'Concurrency sweep', 'font-size="13" font-weight="bold"'));
  parts.push(text(p2.x, p2.y - 12, 'voice-to-voice p50 (solid) and p95 (dashed), ms; MB = memory per conversation', 'font-size="10"'));
  const y2 = (ms: number): number => p2.y + p2.h - (ms / maxLatency) * p2.h;
  for (let ms = 0; ms <= maxLatency; ms += 500) parts.push(`<line x1="${p2.x}" x2="${p2.x + p2.w}" y1="${y2(ms)}" y2="${y2(ms)}" stroke="#eee"/>`, text(p2.x - 6, y2(ms) + 4, `${ms}`, 'text-anchor="end" font-size="10"'));
  const xOf = (index: number): number => p2.x + ((index + 0.5) / Math.max(1, levels.length)) * p2.w;
  for (const [key, dash] of [['p50', ''], ['p95', 'stroke-dasharray="5 3"']] as const) {
    const points = levels.map((level, index) => `${xOf(index).toFixed(1)},${y2(level.latency.voiceToVoice[key] ?? 0).toFixed(1)}`).join(' ');
    parts.push(`<polyline points="${points}" fill="none" stroke="#333" stroke-width="2" ${dash}/>`);
  }
  levels.forEach((level, index) => {
    parts.push(`<circle cx="${xOf(index).toFixed(1)}" cy="${y2(level.latency.voiceToVoice.p50 ?? 0).toFixed(1)}" r="4" fill="${level.degraded ? '#b85450' : '#333'}"/>`);
    parts.push(text(xOf(index), p2.y + p2.h + 16, `${level.conversations}`, 'text-anchor="middle" font-size="11"'));
    parts.push(text(xOf(index), p2.y + p2.h + 30, `${level.memoryPerConversationMb} MB`, 'text-anchor="middle" font-size="10"'));
    parts.push(text(xOf(index), p2.y + p2.h + 43, `${level.agentTree.cpuCores} cores`, 'text-anchor="middle" font-size="10"'));
  });
  parts.push(text(p2.x + p2.w / 2, p2.y + p2.h + 60, 'simultaneous conversations', 'text-anchor="middle" font-size="11"'));
  parts.push(text(20, HEIGHT - 8, `${report.label} · ${report.startedAt} · ${report.machine.cpus} CPUs · env ${JSON.stringify(report.stackEnv)}`, 'font-size="9" fill="#666"'));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif">\n<rect width="100%" height="100%" fill="white"/>\n${parts.join('\n')}\n</svg>\n`;
}
