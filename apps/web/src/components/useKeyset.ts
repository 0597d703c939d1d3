import { useCallback, useEffect, useRef, useState } from 'react';
import type { Page } from '../api';

/** What useKeyset gives a page: the rows so far and the ways to get more or start again. */
export interface KeysetList<T> {
  items: T[];
  loading: boolean;
  hasMore: boolean;
  loadMore: () => unknown;
  reload: () => Promise<void>;
}

/**
 * A keyset-paginated list: the first page loads when `deps` change, "load more" appends the next.
 * A reply to an outdated request (filters changed meanwhile) is dropped.
 */
export function useKeyset<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  deps: unknown[],
  onError: (e: unknown) => void,
): KeysetList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const generation = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const load = useCallback(
    async (after: string | undefined) => {
      const gen = after ? generation.current : ++generation.current;
      setLoading(true);
      try {
        const page = await fetchRef.current(after);
        if (gen !== generation.current) return;
        setItems((prev) => (after ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (e) {
        if (gen === generation.current) onError(e);
      } finally {
        if (gen === generation.current) setLoading(false);
      }
    },
    [onError],
  );

  // The caller names what the first page depends on (its filters).
  useEffect(() => {
    void load(undefined);
  }, deps);

  return {
    items,
    loading,
    hasMore: cursor !== null,
    loadMore: () => cursor && load(cursor),
    reload: () => load(undefined),
  };
}
