import { useQuery, type QueryKey, type UseQueryOptions } from '@tanstack/react-query';
import { Empty, Spin } from 'antd';
import type { AuditEvent } from '../api';
import { QueryError } from './QueryError';
import { TimelineView } from './TimelineView';

/**
 * One aggregate's audit chain as a timeline, oldest first (a calendar day's overrides, a
 * webhook's changes), with `empty` said when nothing is on record.
 */
export function AuditHistory<K extends QueryKey>({
  options,
  empty,
}: {
  options: UseQueryOptions<AuditEvent[], Error, AuditEvent[], K>;
  empty: string;
}) {
  const { data, error, refetch, isPending } = useQuery(options);
  if (error) return <QueryError error={error} onRetry={refetch} />;
  if (isPending) return <Spin />;
  return data.length ? <TimelineView events={data} /> : <Empty description={empty} />;
}
