import { Button, Table, type TableProps } from 'antd';
import { useI18n } from '../i18n';
import type { KeysetList } from './useKeyset';

/** The "load more" button under a keyset list. */
export function LoadMoreButton({ list }: { list: KeysetList<unknown> }) {
  const { t } = useI18n();
  return (
    <Button onClick={list.loadMore} loading={list.loading} block>
      {t('common.loadMore')}
    </Button>
  );
}

type Props<T> = Omit<TableProps<T>, 'loading' | 'dataSource' | 'pagination' | 'footer'> & {
  list: KeysetList<T>;
};

/** A table over a keyset list (useKeyset): no pages, a "load more" footer while more rows exist. */
export function KeysetTable<T extends object>({ list, ...props }: Props<T>) {
  return (
    <Table<T>
      rowKey="id"
      {...props}
      loading={list.loading}
      dataSource={list.items}
      pagination={false}
      footer={list.hasMore ? () => <LoadMoreButton list={list} /> : undefined}
    />
  );
}
