import { describe, expect, it } from 'vitest';
import { CLIPS, PACKAGES } from './clips.js';

describe('the human-speech set', () => {
  it('pins every package file and clip by sha256 and names each licence', () => {
    for (const pkg of Object.values(PACKAGES)) {
      expect(pkg.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(pkg.version).toMatch(/\d/);
      expect(pkg.licence.length).toBeGreaterThan(10);
    }
    for (const clip of CLIPS) {
      expect(clip.licence.length).toBeGreaterThan(10);
      for (const part of clip.parts) expect(part.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('has unique ids and a transcript for every clip', () => {
    expect(new Set(CLIPS.map((clip) => clip.id)).size).toBe(CLIPS.length);
    for (const clip of CLIPS) expect(clip.transcript.trim().split(/\s+/).length).toBeGreaterThanOrEqual(2);
  });

  it('holds the turn-taking cases of issue 14: long mid-sentence pauses and a two-word phrase with a short gap', () => {
    const ids = (kind: string) => CLIPS.filter((clip) => clip.case === kind).map((clip) => clip.id);
    expect(ids('mid-sentence-pause')).toEqual(expect.arrayContaining(['jfk', 'ps_librivox_0880_0890_joined', 'ps_librivox_0920_0930_joined']));
    expect(ids('short-gap')).toEqual(['ps_cards_004']);
    for (const clip of CLIPS.filter((entry) => entry.parts.length > 1)) expect(clip.gapMs).toBeGreaterThanOrEqual(1000);
  });
});
