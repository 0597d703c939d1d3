import { Space, Tag, Tooltip } from 'antd';
import { Link } from 'react-router-dom';
import type { AssignmentRole, AssignmentState, DecisionOutcome } from '../api';
import { useI18n } from '../i18n';

const STATE_COLOR: Record<AssignmentState, string> = {
  pending_routing: 'processing',
  awaiting_signoff: 'gold',
  in_review: 'purple',
  returned: 'orange',
  rejected: 'red',
  in_progress: 'blue',
  disputed: 'magenta',
  completed: 'cyan',
  closed: 'green',
  withdrawn: 'default',
};

const OUTCOME_COLOR: Record<DecisionOutcome, string> = {
  admit: 'green',
  support_only: 'blue',
  joint_enforcement: 'geekblue',
  needs_admission_review: 'purple',
  reject_negative_list: 'red',
  refused: 'red',
};

export function StateTag({ state }: { state: AssignmentState }) {
  const { label } = useI18n();
  return (
    <Tag color={STATE_COLOR[state]} data-state={state}>
      {label('state', state)}
    </Tag>
  );
}

export function OutcomeTag({ outcome }: { outcome: DecisionOutcome | null | undefined }) {
  const { label } = useI18n();
  if (!outcome) return <>—</>;
  return (
    <Tag color={OUTCOME_COLOR[outcome]} data-outcome={outcome}>
      {label('outcome', outcome)}
    </Tag>
  );
}

export function RoleTag({ role }: { role: AssignmentRole | null }) {
  const { label } = useI18n();
  return role ? <Tag>{label('role', role)}</Tag> : <>—</>;
}

export function OverdueTag({ overdue }: { overdue: boolean }) {
  const { t } = useI18n();
  return overdue ? <Tag color="red">{t('assignment.overdue')}</Tag> : null;
}

/** An assignment's state, marked when it is overdue. */
export function StateOverdueTags({ state, overdue }: { state: AssignmentState; overdue: boolean }) {
  return (
    <Space size={0}>
      <StateTag state={state} />
      <OverdueTag overdue={overdue} />
    </Space>
  );
}

/** Render it for an urgent task only: in a Space even an empty component takes an item and a gap. */
export function UrgentTag() {
  const { t } = useI18n();
  return <Tag color="red">{t('task.urgentShort')}</Tag>;
}

/** A task's title in a list, linked to its page, marked when the task is urgent. */
export function TitleLink({ to, title, urgent }: { to: string; title: string; urgent: boolean }) {
  return (
    <Space>
      <Link to={to}>{title}</Link>
      {urgent && <UrgentTag />}
    </Space>
  );
}

/** Prohibited demands a decision stripped: struck through and marked as not binding. */
export function StrippedDemands({ demands }: { demands: string[] }) {
  const { t, label } = useI18n();
  if (!demands.length) return <>—</>;
  return (
    <Tooltip title={t('assignment.notBinding')}>
      <Space size={[0, 4]} wrap>
        {demands.map((d) => (
          <Tag key={d} color="default" style={{ textDecoration: 'line-through' }}>
            {label('demand', d)}
          </Tag>
        ))}
        <Tag color="green">{t('assignment.notBindingShort')}</Tag>
      </Space>
    </Tooltip>
  );
}
