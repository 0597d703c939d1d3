import {
  useInfiniteQuery,
  type InfiniteData,
  type QueryKey,
  type UseInfiniteQueryOptions,
} from '@tanstack/react-query';
import type { Page } from '../api';

/** What a keyset screen shows: the rows so far, the pages they came from, and the ways to get more or again. */
export interface KeysetList<T, P extends Page<T> = Page<T>> {
  items: T[];
  pages: P[];
  /** A first page has arrived (until then an empty `items` means "not yet", not "none"). */
  loaded: boolean;
  /** The first page, or a refetch of the pages shown, is on its way. */
  loading: boolean;
  /** The next page is on its way. */
  loadingMore: boolean;
  hasMore: boolean;
  loadMore: () => unknown;
  reload: () => unknown;
  /** The last read failed (the rows of an earlier success, if any, are still shown). */
  error: Error | null;
  /** The failure was of "load more" (the retry asks for that page again, not for the whole list). */
  nextPageFailed: boolean;
}

/**
 * A keyset-paginated list over useInfiniteQuery (options from api/queries: the cursor is the
 * previous page's `nextCursor`), in the shape KeysetTable and the lists take.
 */
export function useKeyset<P extends Page<unknown>, K extends QueryKey>(
  options: UseInfiniteQueryOptions<P, Error, InfiniteData<P, string | undefined>, K, string | undefined>,
): KeysetList<P['items'][number], P> {
  const q = useInfiniteQuery(options);
  const pages = q.data?.pages ?? [];
  return {
    items: pages.flatMap((p) => p.items as P['items'][number][]),
    pages,
    loaded: q.data !== undefined,
    loading: q.isPending ? q.isFetching : q.isFetching && !q.isFetchingNextPage,
    loadingMore: q.isFetchingNextPage,
    hasMore: q.hasNextPage,
    loadMore: () => q.fetchNextPage(),
    reload: () => q.refetch(),
    error: q.error,
    nextPageFailed: q.isFetchNextPageError,
  };
}
