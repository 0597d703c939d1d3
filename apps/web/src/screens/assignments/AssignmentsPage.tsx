import { Button, Card, Segmented, Space } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { Assignment, AssignmentState } from '../../api';
import { queries } from '../../api/queries';
import { RefreshButton, StateSelect } from '../../components/controls';
import { KeysetTable } from '../../components/KeysetTable';
import { OutcomeTag, RoleTag, StateOverdueTags, StrippedDemands, TitleLink } from '../../components/tags';
import { useKeyset } from '../../components/useKeyset';
import { useI18n } from '../../i18n';
import { useOrgs } from '../../shell/orgs';

type OverdueFilter = 'all' | 'overdue' | 'onTime';

/** Street: its assignments, filtered by state and overdue, keyset "load more". */
export function AssignmentsPage() {
  const { t, time } = useI18n();
  const orgs = useOrgs();
  const [state, setState] = useState<AssignmentState | undefined>();
  const [overdue, setOverdue] = useState<OverdueFilter>('all');
  const list = useKeyset(
    queries.assignments({ state, overdue: overdue === 'all' ? undefined : overdue === 'overdue' }),
  );

  return (
    <Card
      title={t('menu.assignments')}
      extra={
        <Space wrap>
          <StateSelect
            placeholder={t('common.state')}
            style={{ width: 200 }}
            value={state}
            onChange={setState}
            data-testid="state-filter"
          />
          <Segmented<OverdueFilter>
            value={overdue}
            onChange={setOverdue}
            options={[
              { value: 'all', label: t('common.all') },
              { value: 'overdue', label: t('assignment.overdueOnly') },
              { value: 'onTime', label: t('assignment.notOverdue') },
            ]}
          />
          <RefreshButton onRefresh={list.reload} />
          <Link to="/summons/new">
            <Button type="primary" data-testid="home-blow-whistle">
              {t('summons.blow')}
            </Button>
          </Link>
        </Space>
      }
    >
      <KeysetTable<Assignment>
        list={list}
        scroll={{ x: 1000 }}
        data-testid="assignments-table"
        columns={[
          {
            title: t('assignment.task'),
            dataIndex: 'taskTitle',
            render: (title: string, a) => (
              <TitleLink to={`/assignments/${a.id}`} title={title} urgent={a.urgent} />
            ),
          },
          { title: t('task.submitter'), dataIndex: 'submitterCode', render: (c: string) => orgs.name(c) },
          {
            title: t('common.state'),
            dataIndex: 'state',
            render: (_, a) => <StateOverdueTags state={a.state} overdue={a.overdue} />,
          },
          { title: t('assignment.role'), render: (_, a) => <RoleTag role={a.role} /> },
          { title: t('assignment.outcome'), render: (_, a) => <OutcomeTag outcome={a.decision?.outcome} /> },
          {
            title: t('assignment.stripped'),
            render: (_, a) => <StrippedDemands demands={a.decision?.strippedDemands ?? []} />,
          },
          { title: t('assignment.signDueAt'), dataIndex: 'signDueAt', render: (v: string | null) => time(v) },
          { title: t('assignment.dueAt'), dataIndex: 'dueAt', render: (v: string) => time(v) },
        ]}
      />
    </Card>
  );
}
