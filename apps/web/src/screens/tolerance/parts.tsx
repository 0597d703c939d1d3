import { Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { ToleranceClaimState, ToleranceTarget } from '../../api';
import { useI18n } from '../../i18n';

const CLAIM_COLOR: Record<ToleranceClaimState, string> = {
  pending: 'gold',
  granted: 'green',
  refused: 'red',
};

/** A claim's state as a coloured tag. */
export function ClaimStateTag({ state }: { state: ToleranceClaimState }) {
  const { label } = useI18n();
  return (
    <Tag color={CLAIM_COLOR[state]} data-claim-state={state}>
      {label('toleranceState', state)}
    </Tag>
  );
}

/** Days and hours left until `until` (a claim's window end), or "closed". */
export function TimeLeft({ until, now = Date.now() }: { until: string; now?: number }) {
  const { t } = useI18n();
  const ms = Date.parse(until) - now;
  if (ms <= 0) return <Typography.Text type="danger">{t('tolerance.timeLeft.closed')}</Typography.Text>;
  const hours = Math.floor(ms / 3_600_000);
  const days = Math.floor(hours / 24);
  const text = days
    ? t('tolerance.timeLeft.days', { days, hours: hours % 24 })
    : t('tolerance.timeLeft.hours', { hours: Math.max(1, hours) });
  // Under two days left: shown in red, so that it is not missed.
  return <Typography.Text type={ms < 2 * 86_400_000 ? 'danger' : undefined}>{text}</Typography.Text>;
}

/** What a claim is about: its kind, the task, the deadline kind or the ruling, linked to the assignment. */
export function TargetSummary({ target }: { target: ToleranceTarget }) {
  const { t, label, time } = useI18n();
  return (
    <Space direction="vertical" size={0}>
      <Space size={4} wrap>
        <Tag>{label('toleranceTarget', target.kind)}</Tag>
        {target.deadlineKind ? <Tag color="orange">{label('deadlineKind', target.deadlineKind)}</Tag> : null}
        {target.assignmentId ? (
          <Link to={`/assignments/${target.assignmentId}`}>
            {target.taskTitle ?? t('tolerance.openAssignment')}
          </Link>
        ) : (
          <span>{target.taskTitle ?? '—'}</span>
        )}
      </Space>
      {target.dueAt ? (
        <Typography.Text type="secondary">
          {t('tolerance.dueAt')}: {time(target.dueAt)}
        </Typography.Text>
      ) : null}
      {target.disputeNote ? (
        <Typography.Text type="secondary">
          {t('tolerance.disputeNote')}: {target.disputeNote}
        </Typography.Text>
      ) : null}
    </Space>
  );
}
