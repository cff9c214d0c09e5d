import { describe, expect, it } from 'vitest';
import { historyHref, parseRoute } from './useHashRoute';

describe('parseRoute', () => {
  it('maps hashes to pages', () => {
    expect(parseRoute('')).toEqual({ page: 'home' });
    expect(parseRoute('#/')).toEqual({ page: 'home' });
    expect(parseRoute('#/history')).toEqual({ page: 'history' });
    expect(parseRoute('#/history/abc-1')).toEqual({ page: 'session', id: 'abc-1' });
    expect(parseRoute('#/nowhere')).toEqual({ page: 'home' });
  });

  it('round-trips session ids through historyHref', () => {
    expect(parseRoute(historyHref('a b/c'))).toEqual({ page: 'session', id: 'a b/c' });
  });
});
