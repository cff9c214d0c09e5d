import { describe, expect, it } from 'vitest';
import type { Manifest, ManifestClip } from './fetch.js';
import { markdown } from './report.js';
import { to16k } from './turns.js';

function clip(id: string, kind: ManifestClip['case']): ManifestClip {
  return { id, file: `${id}.wav`, sha256: '0'.repeat(64), transcript: 'five five', case: kind, speaker: 's', licence: 'l', sampleRate: 16000, durationMs: 1500, speech: { startMs: 200, endMs: 1200 }, pauses: [], sources: [] };
}

const MANIFEST: Manifest = { set: 'parley-human-speech', version: 1, clips: [clip('jfk', 'mid-sentence-pause'), clip('ps_cards_004', 'short-gap')] };

describe('human-speech report', () => {
  it('counts a single utterance that became two user turns as a false cut-off, and a turn before the speech ended as premature', () => {
    const text = markdown(MANIFEST, [], [], [
      { id: 'jfk', turns: [{ text: 'And so, my fellow Americans,', atMs: 2900 }, { text: 'ask not what your country can do for you', atMs: 12000 }], premature: 1, commitAfterSpeechEndMs: 10800 },
      { id: 'ps_cards_004', turns: [{ text: 'five five', atMs: 1900 }], premature: 0, commitAfterSpeechEndMs: 700 },
    ], 'settings');
    expect(text).toContain('1 of 2 single utterances became more than one user turn; 1 were answered before the speaker had finished (1 premature turns)');
    expect(text).toContain('"And so, my fellow Americans," @2900 ; "ask not what your country can do for you" @12000 | 10800 ms |');
    expect(text).toContain('p50 700 ms, p95 10800 ms over 2 clips');
  });

  it('names a model that is not installed instead of leaving it out silently', () => {
    expect(markdown(MANIFEST, [], ['whisper-base-ct2'], [], 's')).toContain('whisper-base-ct2 is not installed');
  });
});

describe('to16k', () => {
  it('doubles 8 kHz telephone audio by interpolation and leaves 16 kHz alone', () => {
    expect(Array.from(to16k({ samples: new Int16Array([0, 100, 200]), sampleRate: 8000 }))).toEqual([0, 50, 100, 150, 200, 200]);
    const same = new Int16Array([1, 2, 3]);
    expect(to16k({ samples: same, sampleRate: 16000 })).toBe(same);
  });
});
