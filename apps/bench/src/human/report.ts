import os from 'node:os';
import { percentile } from '../stats.js';
import type { Manifest } from './fetch.js';
import type { TurnResult } from './turns.js';

export interface WerRow {
  model: string;
  windowS: number;
  wer: number;
  /** WER of the clips with a pause inside the utterance. */
  pauseWer: number;
  decodeMs: { p50: number | null; p95: number | null };
  hypotheses: { id: string; hypothesis: string; errors: number }[];
}

export function pct(value: number): string {
  return `${(value * 100).toFixed(1)} %`;
}

export function markdown(manifest: Manifest, werRows: WerRow[], missingModels: string[], turnRows: TurnResult[], turnSettings: string): string {
  const lines = [
    `Human-speech set: ${manifest.clips.length} clips of real people (${manifest.clips.filter((clip) => clip.case === 'mid-sentence-pause').length} with a pause mid-sentence, ${manifest.clips.filter((clip) => clip.case === 'short-gap').length} two-word phrase with a short gap), ${os.cpus().length} cores.`,
    '',
  ];
  if (werRows.length > 0) {
    lines.push('| Whisper | encoder window | WER, all clips | WER, mid-sentence-pause clips | recognize() p50 | p95 |', '|---|---|---|---|---|---|');
    for (const row of werRows) lines.push(`| ${row.model} | ${row.windowS} s | ${pct(row.wer)} | ${pct(row.pauseWer)} | ${row.decodeMs.p50} ms | ${row.decodeMs.p95} ms |`);
    lines.push('', 'Clips longer than the window are decoded with the next larger one (10 → 15 → 20 → 30 s), as in the product.', '');
  }
  for (const model of missingModels) lines.push(`${model} is not installed (node packages/models/dist/cli.js install ${model}): not measured.`, '');
  if (turnRows.length > 0) {
    const split = turnRows.filter((row) => row.turns.length > 1);
    const premature = turnRows.filter((row) => row.premature > 0);
    lines.push(
      `False cut-offs (${turnSettings}): ${split.length} of ${turnRows.length} single utterances became more than one user turn; ${premature.length} were answered before the speaker had finished (${premature.reduce((sum, row) => sum + row.premature, 0)} premature turns).`,
      '',
      `End of speech to the turn committed (the end-of-turn wait, transcription included; no network, brain or voice): ${endOfTurn(turnRows)}.`,
      '',
      '| clip | case | user turns (committed at, ms from clip start) | end of speech → committed |',
      '|---|---|---|---|',
    );
    for (const row of turnRows) {
      const clip = manifest.clips.find((entry) => entry.id === row.id);
      lines.push(`| ${row.id} | ${clip?.case ?? ''} | ${row.turns.map((entry) => `"${entry.text.replaceAll('|', '/')}" @${entry.atMs}`).join(' ; ') || 'none'} | ${row.commitAfterSpeechEndMs === null ? '–' : `${row.commitAfterSpeechEndMs} ms`} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}


/** p50 and p95 of the end-of-turn wait over the clips that had a turn after their speech. */
export function endOfTurn(rows: readonly TurnResult[]): string {
  const waits = rows.map((row) => row.commitAfterSpeechEndMs).filter((value): value is number => value !== null);
  if (waits.length === 0) return 'no turn was committed after the speech';
  return `p50 ${Math.round(percentile(waits, 0.5) ?? 0)} ms, p95 ${Math.round(percentile(waits, 0.95) ?? 0)} ms over ${waits.length} clips`;
}
