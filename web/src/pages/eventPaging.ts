// Server-side paging of the audit log over the only cursor GET /api/events has: `since` (events with a
// larger id, oldest first, at most `limit`). A newer page is one request. An older page (the last `size`
// events before an id) is found by bisecting `since`: the answer is the smallest `since` after which at
// most `size` events lie below the bound; each probe asks for size+1 events and its first id narrows the
// range, so a page costs about log2(id range) small requests whatever the severity filter skips. Pure
// functions over a fetch callback; no state.
import type { EngineEvent } from '../api/types';

export type FetchSince = (since: number, limit: number) => Promise<EngineEvent[]>;

/** The first `size` events with id > after, oldest first. */
export async function pageAfter(fetchSince: FetchSince, after: number, size: number): Promise<EngineEvent[]> {
  return fetchSince(after, size);
}

/** The last `size` events with id < before (before = null: the newest events), oldest first. */
export async function pageBefore(fetchSince: FetchSince, before: number | null, size: number): Promise<EngineEvent[]> {
  const below = (events: EngineEvent[]) => (before === null ? events : events.filter((e) => e.id < before));
  const probe = async (since: number) => below(await fetchSince(since, size + 1));

  // The answer s* is the smallest `since` leaving at most `size` events below the bound; it lies in
  // [lo, hi]. A probe leaving more than `size` proves s* >= its first id (any smaller `since` returns the
  // same events).
  const first = await probe(0);
  if (first.length <= size) return first;
  let lo = first[0].id;
  let hi: number;
  if (before !== null) {
    hi = before - 1;
  } else {
    // No upper bound: grow one from the ids seen until a probe fits.
    let s = Math.max(first[first.length - 1].id, 1);
    for (;;) {
      const got = await probe(s);
      if (got.length <= size) break;
      lo = got[0].id;
      s = Math.max(s * 2, got[got.length - 1].id);
    }
    hi = s;
  }
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const got = await probe(mid);
    if (got.length <= size) hi = mid;
    else lo = Math.max(got[0].id, mid + 1);
  }
  return probe(lo);
}
