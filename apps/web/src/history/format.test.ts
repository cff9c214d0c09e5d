import { describe, expect, it } from 'vitest';
import { formatDuration } from './format';

describe('formatDuration', () => {
  it('formats seconds and minutes', () => {
    expect(formatDuration('2026-01-01T00:00:00Z', '2026-01-01T00:00:42Z')).toBe('42 s');
    expect(formatDuration('2026-01-01T00:00:00Z', '2026-01-01T00:03:20Z')).toBe('3 min 20 s');
  });
  it('uses now for running sessions and rejects nonsense', () => {
    expect(formatDuration('2026-01-01T00:00:00Z', null, Date.parse('2026-01-01T00:00:05Z'))).toBe('5 s');
    expect(formatDuration('nope', null)).toBe('—');
  });
});
