import { Button, Card, Segmented, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, ASSIGNMENT_STATES, type Assignment } from '../../api';
import { useShowError } from '../../components/errors';
import { OutcomeTag, OverdueTag, RoleTag, StateTag, StrippedDemands } from '../../components/tags';
import { useKeyset } from '../../components/useKeyset';
import { useI18n } from '../../i18n';
import { useOrgs } from '../../shell/orgs';

type OverdueFilter = 'all' | 'overdue' | 'onTime';

/** Street: its assignments, filtered by state and overdue, keyset "load more". */
export function AssignmentsPage() {
  const { t, label, time } = useI18n();
  const orgs = useOrgs();
  const showError = useShowError();
  const [state, setState] = useState<string | undefined>();
  const [overdue, setOverdue] = useState<OverdueFilter>('all');
  const list = useKeyset(
    (cursor) =>
      api.assignments({
        state,
        overdue: overdue === 'all' ? undefined : overdue === 'overdue',
        cursor,
        limit: 20,
      }),
    [state, overdue],
    showError,
  );

  return (
    <Card
      title={t('menu.assignments')}
      extra={
        <Space wrap>
          <Select
            allowClear
            placeholder={t('common.state')}
            style={{ width: 200 }}
            value={state}
            onChange={setState}
            options={ASSIGNMENT_STATES.map((s) => ({ value: s, label: label('state', s) }))}
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
          <Button onClick={list.reload}>{t('common.refresh')}</Button>
        </Space>
      }
    >
      <Table<Assignment>
        rowKey="id"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        scroll={{ x: 1000 }}
        data-testid="assignments-table"
        columns={[
          {
            title: t('assignment.task'),
            dataIndex: 'taskTitle',
            render: (title: string, a) => (
              <Space>
                <Link to={`/assignments/${a.id}`}>{title}</Link>
                {a.urgent && <Tag color="red">{t('task.urgentShort')}</Tag>}
              </Space>
            ),
          },
          { title: t('task.submitter'), dataIndex: 'submitterCode', render: (c: string) => orgs.name(c) },
          {
            title: t('common.state'),
            dataIndex: 'state',
            render: (_, a) => (
              <Space size={0}>
                <StateTag state={a.state} />
                <OverdueTag overdue={a.overdue} />
              </Space>
            ),
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
        footer={
          list.hasMore
            ? () => (
                <Button onClick={list.loadMore} loading={list.loading} block>
                  {t('common.loadMore')}
                </Button>
              )
            : undefined
        }
      />
    </Card>
  );
}
