import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, toApiError } from '../api/errors';

export interface Resource<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  /** Fetches again now; resolves when done. */
  reload: () => Promise<void>;
  /** Replaces the data locally (after a mutation that returned the new state). */
  set: (data: T) => void;
}

/**
 * Loads data and, with `pollMs`, keeps it fresh: a request is never started while the
 * previous one runs, and polling pauses while the tab is hidden. The last good data stays
 * on screen when a refresh fails.
 */
export function useResource<T>(load: () => Promise<T>, deps: unknown[], pollMs?: number): Resource<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const inFlight = useRef<Promise<void> | null>(null);
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const run = useCallback(async () => {
    if (inFlight.current) return inFlight.current;
    const gen = generation.current;
    const holder: { p?: Promise<void> } = {};
    const p: Promise<void> = (async () => {
      try {
        const d = await loadRef.current();
        if (gen === generation.current) {
          setData(d);
          setError(null);
        }
      } catch (e) {
        if (gen === generation.current) setError(toApiError(e));
      } finally {
        if (gen === generation.current) setLoading(false);
        if (inFlight.current === holder.p) inFlight.current = null;
      }
    })();
    holder.p = p;
    inFlight.current = p;
    return p;
  }, []);

  useEffect(() => {
    generation.current++;
    inFlight.current = null;
    setLoading(true);
    setData(undefined);
    void run();
    if (!pollMs) return;
    const timer = window.setInterval(() => {
      if (document.visibilityState !== 'hidden') void run();
    }, pollMs);
    return () => window.clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  const reload = useCallback(async () => {
    if (inFlight.current) await inFlight.current;
    await run();
  }, [run]);

  return { data, error, loading, reload, set: setData };
}
