import { Button, Card, Segmented, Space, Typography } from 'antd';
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
        // No horizontal scroll at 1366 px: the matter's name sits under the title, the role under the state.
        tableLayout="fixed"
        data-testid="assignments-table"
        columns={[
          {
            title: t('assignment.task'),
            dataIndex: 'taskTitle',
            render: (title: string, a) => (
              <Space direction="vertical" size={0}>
                <TitleLink to={`/assignments/${a.id}`} title={title} urgent={a.urgent} />
                <Typography.Text type="secondary">
                  {a.matterName ? `${a.matterName}(${a.matterCode})` : t('ctx.offList')}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('task.submitter'),
            dataIndex: 'submitterCode',
            width: 140,
            render: (c: string) => orgs.name(c),
          },
          {
            title: t('common.state'),
            dataIndex: 'state',
            width: 130,
            render: (_, a) => (
              <Space direction="vertical" size={2}>
                <StateOverdueTags state={a.state} overdue={a.overdue} />
                <RoleTag role={a.role} />
              </Space>
            ),
          },
          {
            title: t('assignment.outcome'),
            width: 200,
            render: (_, a) => (
              <Space direction="vertical" size={2}>
                <OutcomeTag outcome={a.decision?.outcome} />
                {a.decision?.outcome !== 'refused' && (
                  <StrippedDemands demands={a.decision?.strippedDemands ?? []} />
                )}
              </Space>
            ),
          },
          {
            title: t('assignment.dueAt'),
            width: 190,
            render: (_, a) => (
              <Space direction="vertical" size={0}>
                <span>
                  {t('assignment.signDueAt')}:{time(a.signDueAt)}
                </span>
                <span>
                  {t('assignment.dueAt')}:{time(a.dueAt)}
                </span>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
