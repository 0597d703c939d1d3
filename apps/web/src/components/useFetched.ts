import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api';
import { useShowError } from './errors';

/**
 * What a screen shows from one GET without pages (calendar overrides, list versions, webhooks):
 * fetched on mount and by `load`, a failure shown as a message.
 */
export function useFetched<T>(fetch: () => Promise<T>, initial: T) {
  const showError = useShowError();
  const [data, setData] = useState<T>(initial);
  const [loading, setLoading] = useState(false);
  const fetchRef = useRef(fetch);
  fetchRef.current = fetch;

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(await fetchRef.current());
    } catch (e) {
      showError(e);
    } finally {
      setLoading(false);
    }
  }, [showError]);

  useEffect(() => {
    void load();
  }, [load]);

  return { data, setData, loading, load };
}

/**
 * One record for a detail page: fetched when `deps` change and by `load`; `notFound` after a 404,
 * any other failure shown as a message.
 */
export function useRecord<T>(fetch: () => Promise<T>, deps: unknown[]) {
  const showError = useShowError();
  const [data, setData] = useState<T | null>(null);
  const [notFound, setNotFound] = useState(false);
  const fetchRef = useRef(fetch);
  fetchRef.current = fetch;

  const load = useCallback(async () => {
    try {
      setData(await fetchRef.current());
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) setNotFound(true);
      else showError(e);
    }
  }, [showError, ...deps]);

  useEffect(() => {
    void load();
  }, [load]);

  return { data, setData, notFound, load };
}
