import { Button, Table, type TableProps } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n';
import { QueryError } from './QueryError';
import type { KeysetList } from './useKeyset';

/** The "load more" button under a keyset list. */
export function LoadMoreButton({ list }: { list: KeysetList<unknown> }) {
  const { t } = useI18n();
  return (
    <Button onClick={list.loadMore} loading={list.loadingMore} block>
      {t('common.loadMore')}
    </Button>
  );
}

/**
 * Under a keyset list: the error of its last read with a retry (a failed next page retries the
 * next page, any other failure the whole list), else "load more" while more rows exist; nothing
 * otherwise. (An empty list's failure shows in its place: keysetEmptyText.)
 */
export function keysetFooter(list: KeysetList<unknown>): ReactNode {
  if (list.error && list.items.length > 0)
    return <QueryError error={list.error} onRetry={list.nextPageFailed ? list.loadMore : list.reload} />;
  return list.hasMore ? <LoadMoreButton list={list} /> : undefined;
}

/** What an empty keyset list shows: the failure, if its first read failed; the usual "no data" otherwise. */
export function keysetEmptyText(list: KeysetList<unknown>) {
  return list.error ? <QueryError error={list.error} onRetry={list.reload} /> : undefined;
}

type Props<T> = Omit<TableProps<T>, 'loading' | 'dataSource' | 'pagination' | 'footer'> & {
  list: KeysetList<T>;
};

/** A table over a keyset list (useKeyset): no pages, a "load more" footer while more rows exist. */
export function KeysetTable<T extends object>({ list, ...props }: Props<T>) {
  const footer = keysetFooter(list as KeysetList<unknown>);
  return (
    <Table<T>
      rowKey="id"
      {...props}
      loading={list.loading}
      // Before the first page: the spinner alone, not an empty table's "no data" under it.
      dataSource={list.loaded ? list.items : undefined}
      pagination={false}
      locale={{ emptyText: keysetEmptyText(list as KeysetList<unknown>) }}
      footer={footer ? () => footer : undefined}
    />
  );
}
