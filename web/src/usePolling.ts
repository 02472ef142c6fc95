// usePolling: fetches a resource now and every intervalMs with the ETag it holds, replacing the data only
// when the engine says it changed (304 keeps the same object, so nothing re-renders and the user's
// selection, sort and scroll stay put). refresh() polls at once (after an action). Errors are kept beside
// the last good data.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Fetched } from './api/client';

export interface Polled<T> {
  data: T | null;
  error: Error | null;
  loading: boolean;
  refresh: () => Promise<void>;
}

export function usePolling<T>(
  fetcher: (etag: string | null) => Promise<Fetched<T> | null>,
  intervalMs: number,
  key: string,
): Polled<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(true);
  const etag = useRef<string | null>(null);
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;
  const generation = useRef(0);

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

  useEffect(() => {
    generation.current += 1;
    etag.current = null;
    setLoading(true);
    setData(null);
    void poll();
    const timer = window.setInterval(() => void poll(), intervalMs);
    return () => {
      window.clearInterval(timer);
      generation.current += 1;
    };
  }, [key, intervalMs, poll]);

  return { data, error, loading, refresh: poll };
}
