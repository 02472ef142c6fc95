import { describe, expect, it } from 'vitest';
import { pageAfter, pageBefore, type FetchSince } from './eventPaging';
import type { EngineEvent } from '../api/types';

// An audit log like the engine's: ids with gaps (a severity filter skips some), `since` exclusive, oldest first.
function log(ids: number[]) {
  let calls = 0;
  const events: EngineEvent[] = ids.map((id) => ({ id, time: '', name: `e${id}`, severity: 'info', correlation_id: '', actor: '', body: {} }));
  const fetchSince: FetchSince = async (since, limit) => {
    calls += 1;
    return events.filter((e) => e.id > since).slice(0, limit);
  };
  return { fetchSince, calls: () => calls };
}
const ids = (events: EngineEvent[]) => events.map((e) => e.id);

describe('event paging', () => {
  it('finds the newest page and walks back and forth through a gapped log', async () => {
    const all = Array.from({ length: 5000 }, (_x, i) => i * 3 + (i % 7 === 0 ? 1 : 0) + 1);
    const l = log(all);
    const newest = await pageBefore(l.fetchSince, null, 50);
    expect(ids(newest)).toEqual(all.slice(-50));
    expect(l.calls()).toBeLessThan(40);
    const older = await pageBefore(l.fetchSince, newest[0].id, 50);
    expect(ids(older)).toEqual(all.slice(-100, -50));
    const again = await pageAfter(l.fetchSince, older[older.length - 1].id, 50);
    expect(ids(again)).toEqual(ids(newest));
    const oldest = await pageBefore(l.fetchSince, all[30], 50);
    expect(ids(oldest)).toEqual(all.slice(0, 30));
  });

  it('handles small and empty logs and a page size of one', async () => {
    expect(await pageBefore(log([]).fetchSince, null, 10)).toEqual([]);
    expect(ids(await pageBefore(log([5, 9]).fetchSince, null, 10))).toEqual([5, 9]);
    expect(ids(await pageBefore(log([5, 9, 12]).fetchSince, null, 1))).toEqual([12]);
    expect(ids(await pageBefore(log([5, 9, 12]).fetchSince, 12, 1))).toEqual([9]);
    expect(ids(await pageBefore(log([5, 9, 12]).fetchSince, 5, 1))).toEqual([]);
    for (let size = 1; size < 8; ++size) {
      const all = [2, 3, 5, 8, 13, 21, 34, 55, 89];
      for (const before of [null, ...all]) {
        const cut = before === null ? all : all.filter((x) => x < before);
        expect(ids(await pageBefore(log(all).fetchSince, before, size))).toEqual(cut.slice(-size));
      }
    }
  });
});
