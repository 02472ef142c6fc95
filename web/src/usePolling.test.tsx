// usePolling pauses while the browser tab is hidden and, once visible again, polls at once with the ETag
// it holds (so an unchanged resource costs a 304 and no render).
import { afterEach, describe, expect, it } from 'vitest';
import { renderHook, waitFor } from '@testing-library/react';
import { usePolling } from './usePolling';
import type { Fetched } from './api/client';

function setHidden(hidden: boolean) {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
  document.dispatchEvent(new Event('visibilitychange'));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('usePolling', () => {
  afterEach(() => setHidden(false));

  it('stops while the tab is hidden and polls with its ETag as soon as it is shown again', async () => {
    const calls: (string | null)[] = [];
    const fetcher = async (etag: string | null): Promise<Fetched<{ n: number }> | null> => {
      calls.push(etag);
      return etag === '"1"' ? null : { data: { n: 1 }, etag: '"1"' };
    };
    const { result } = renderHook(() => usePolling(fetcher, 30, 'k'));
    await waitFor(() => expect(calls.length).toBeGreaterThanOrEqual(2));
    const data = result.current.data;
    expect(data).toEqual({ n: 1 });

    setHidden(true);
    await sleep(20); // a poll already on its way may still land
    const hiddenAt = calls.length;
    await sleep(150);
    expect(calls.length).toBe(hiddenAt);

    setHidden(false);
    await waitFor(() => expect(calls.length).toBeGreaterThan(hiddenAt));
    expect(calls[hiddenAt]).toBe('"1"');
    expect(result.current.data).toBe(data); // the 304 kept the very same object
  });

  it('starts afresh, without the old ETag, when the key changes', async () => {
    const calls: { key: string; etag: string | null }[] = [];
    const { result, rerender } = renderHook(({ key }) =>
      usePolling(async (etag) => {
        calls.push({ key, etag });
        return { data: key, etag: `"${key}"` };
      }, 1000, key), { initialProps: { key: 'a' } });
    await waitFor(() => expect(result.current.data).toBe('a'));
    rerender({ key: 'b' });
    await waitFor(() => expect(result.current.data).toBe('b'));
    expect(calls.find((c) => c.key === 'b')!.etag).toBeNull();
  });
});
