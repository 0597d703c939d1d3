import { Space, Table, Tag, Tooltip } from 'antd';
import type { DeadlineView, StepView } from '../api';
import { useI18n } from '../i18n';
import { useOrgs } from '../shell/orgs';

const DEADLINE_COLOR: Record<DeadlineView['state'], string> = {
  open: 'processing',
  paused: 'warning',
  met: 'success',
  cancelled: 'default',
};

/** The escalation ladder of a deadline: fired steps in colour, planned ones grey with their time. */
export function EscalationSteps({ steps }: { steps: StepView[] }) {
  const { t, label, time } = useI18n();
  return (
    <Space size={[0, 4]} wrap>
      {steps.map((s) => (
        <Tooltip
          key={s.step}
          title={
            s.firedAt
              ? t('step.fired', { time: time(s.firedAt) })
              : t('step.planned', { time: time(s.fireAt) })
          }
        >
          <Tag
            color={s.firedAt ? (s.step === 'remind' ? 'gold' : 'red') : 'default'}
            data-fired={!!s.firedAt}
          >
            {label('step', s.step)}
            {s.firedAt ? ' ✓' : ''}
          </Tag>
        </Tooltip>
      ))}
    </Space>
  );
}

export function DeadlinesView({ deadlines }: { deadlines: DeadlineView[] }) {
  const { t, label, time } = useI18n();
  const orgs = useOrgs();
  return (
    <Table<DeadlineView>
      size="small"
      rowKey="kind"
      pagination={false}
      dataSource={deadlines}
      columns={[
        { title: t('overdue.kind'), dataIndex: 'kind', render: (k: string) => label('deadlineKind', k) },
        { title: t('assignment.owner'), dataIndex: 'ownerOrg', render: (c: string) => orgs.name(c) },
        {
          title: t('common.state'),
          dataIndex: 'state',
          render: (s: DeadlineView['state'], d) => (
            <Space size={0}>
              <Tag color={DEADLINE_COLOR[s]}>{label('deadlineState', s)}</Tag>
              {d.overdueAt && <Tag color="red">{t('assignment.overdue')}</Tag>}
            </Space>
          ),
        },
        { title: t('task.dueAt'), dataIndex: 'dueAt', render: (v: string) => time(v) },
        {
          title: `${t('assignment.metAt')} / ${t('assignment.overdueAt')}`,
          render: (_, d) => (d.metAt ? time(d.metAt) : d.overdueAt ? time(d.overdueAt) : '—'),
        },
        {
          title: t('overdue.steps'),
          dataIndex: 'steps',
          render: (steps: StepView[]) => <EscalationSteps steps={steps} />,
        },
      ]}
    />
  );
}
