import { useQuery } from '@tanstack/react-query';
import { App, Button, Descriptions, Spin, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { Extension } from '../api';
import { everydayQueries } from '../api/everyday';
import { useDecideExtension } from '../api/mutations';
import { queries } from '../api/queries';
import { useI18n } from '../i18n';
import { inBeijing } from '../i18n/beijing';
import { ActionModal } from './ActionModal';
import { QueryError } from './QueryError';
import { TextAreaItem } from './formItems';

/** What the street reported when it completed the assignment (the newest `complete` of its timeline). */
export function CompletionReport({ assignmentId }: { assignmentId: string }) {
  const { t, time } = useI18n();
  const q = useQuery(queries.assignment(assignmentId));
  if (q.error) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Spin />;
  const done = [...q.data.timeline].reverse().find((e) => e.action === 'complete');
  const result = typeof done?.payload.result === 'string' ? done.payload.result : null;
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      style={{ marginBottom: 16 }}
      data-testid="completion-report"
    >
      <Descriptions.Item label={t('confirmations.result')}>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
          {result ?? t('confirmations.noResult')}
        </Typography.Paragraph>
      </Descriptions.Item>
      <Descriptions.Item label={t('confirmations.completedAt')}>{time(done?.createdAt)}</Descriptions.Item>
    </Descriptions>
  );
}

/**
 * The end of the `n`th working day after the Shanghai day of `dueAt` (as the server's
 * addWorkingDays), from the calendar's working days; null while they load or when too few are known.
 */
function useExtendedDue(dueAt: string | undefined, n: number) {
  const from = dueAt ? inBeijing(dueAt).format('YYYY-MM-DD') : '';
  const to = from
    ? dayjs(from)
        .add(n * 3 + 30, 'day')
        .format('YYYY-MM-DD')
    : '';
  const q = useQuery({ ...everydayQueries.workdays(from, to), enabled: !!from });
  const days = (q.data?.days ?? []).filter((d) => d.date > from && d.workday);
  return { date: days.length >= n ? days[n - 1].date : null, error: q.error, retry: () => void q.refetch() };
}

function ExtensionDates({ extension }: { extension: Extension }) {
  const { t, time } = useI18n();
  const a = useQuery(queries.assignment(extension.assignmentId));
  const due = useExtendedDue(a.data?.dueAt, extension.workingDays);
  const err = a.error ?? due.error;
  if (err) return <QueryError error={err} onRetry={() => (a.error ? void a.refetch() : due.retry())} />;
  return (
    <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }} data-testid="extension-dates">
      <Descriptions.Item label={t('confirmations.request')}>
        {t('assignment.extLine', { days: extension.workingDays, reason: extension.reason })}
      </Descriptions.Item>
      <Descriptions.Item label={t('confirmations.currentDue')}>
        {a.data ? time(a.data.dueAt) : <Spin />}
      </Descriptions.Item>
      <Descriptions.Item label={t('confirmations.newDue')}>
        {due.date ? <span data-testid="new-due">{`${due.date} 23:59`}</span> : <Spin size="small" />}
      </Descriptions.Item>
    </Descriptions>
  );
}

/**
 * A department's approve and reject buttons for a pending extension request (as List.Item
 * actions) and the dialog they open: the current and the new due date, and a comment (required).
 * The assignment and task pages refresh by invalidation (api/mutations).
 */
export function useExtensionDecision() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const decide = useDecideExtension();
  const [open, setOpen] = useState<{ extension: Extension; approve: boolean } | null>(null);

  const actions = (e: Extension) => [
    <Button key="a" size="small" type="primary" onClick={() => setOpen({ extension: e, approve: true })}>
      {t('taskDetail.approve')}
    </Button>,
    <Button key="r" size="small" onClick={() => setOpen({ extension: e, approve: false })}>
      {t('taskDetail.reject')}
    </Button>,
  ];

  const modal = (
    <ActionModal<{ comment: string }>
      open={!!open}
      title={t(open?.approve ? 'confirmations.approveTitle' : 'confirmations.rejectTitle')}
      okText={t(open?.approve ? 'taskDetail.approve' : 'taskDetail.reject')}
      fields={['comment']}
      onCancel={() => setOpen(null)}
      onSubmit={async (v) => {
        if (!open) return;
        await decide.mutateAsync({ ...open, comment: v.comment });
        setOpen(null);
        void message.success(t('common.done'));
      }}
    >
      {open && <ExtensionDates extension={open.extension} />}
      <TextAreaItem name="comment" label={t('confirmations.comment')} rows={2} />
    </ActionModal>
  );

  return { actions, modal };
}
