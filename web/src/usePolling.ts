// usePolling: fetches a resource now and every intervalMs with the ETag it holds, replacing the data only
// when the engine says it changed (304 keeps the same object, so nothing re-renders and the user's
// selection, sort and scroll stay put). refresh() polls at once (after an action). Errors are kept beside
// the last good data. Polling pauses while the browser tab is hidden or `active` is false (the data and
// the ETag are kept) and resumes with one poll at once; a new `key` starts afresh (no data, no ETag).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Fetched } from './api/client';

export interface Polled<T> {
  data: T | null;
  error: Error | null;
  loading: boolean;
  refresh: () => Promise<void>;
}

/** False while the browser tab is hidden (Page Visibility API). */
export function useDocumentVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState !== 'hidden');
  useEffect(() => {
    const update = () => setVisible(document.visibilityState !== 'hidden');
    document.addEventListener('visibilitychange', update);
    return () => document.removeEventListener('visibilitychange', update);
  }, []);
  return visible;
}

export function usePolling<T>(
  fetcher: (etag: string | null) => Promise<Fetched<T> | null>,
  intervalMs: number,
  key: string,
  active = true,
): Polled<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(true);
  const etag = useRef<string | null>(null);
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;
  const generation = useRef(0);
  const running = useDocumentVisible() && active;

  const poll = useCallback(async () => {
    const mine = generation.current;
    try {
      const result = await fetcherRef.current(etag.current);
      if (mine !== generation.current) return;
      if (result) {
        etag.current = result.etag;
        setData(result.data);
      }
      setError(null);
    } catch (e) {
      if (mine === generation.current) setError(e as Error);
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, []);

  // A new key: what was fetched for the old one (and any answer still on its way) is dropped.
  useEffect(() => {
    generation.current += 1;
    etag.current = null;
    setLoading(true);
    setData(null);
    return () => {
      generation.current += 1;
    };
  }, [key]);

  useEffect(() => {
    if (!running) return undefined;
    void poll();
    const timer = window.setInterval(() => void poll(), intervalMs);
    return () => window.clearInterval(timer);
  }, [key, intervalMs, running, poll]);

  return { data, error, loading, refresh: poll };
}
