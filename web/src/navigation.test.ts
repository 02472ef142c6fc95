import { describe, expect, it } from 'vitest';
import { parseRoute, routePath } from './navigation';

describe('routes', () => {
  it('round-trips every page, names with odd characters included', () => {
    for (const r of [
      { page: 'sessions' as const },
      { page: 'events' as const },
      { page: 'inventory' as const },
      { page: 'session' as const, cluster: 'a b/c', volume: 'v%1', sessionId: 42 },
    ])
      expect(parseRoute(routePath(r))).toEqual(r);
  });
  it('sends unknown paths to the sessions page', () => {
    expect(parseRoute('/nowhere/at/all')).toEqual({ page: 'sessions' });
    expect(parseRoute('/sessions/lab/v/notanumber')).toEqual({ page: 'sessions' });
  });
});
