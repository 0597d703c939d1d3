import { Card, Col, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import {
  DEADLINE_KINDS,
  type AssignmentState,
  type DeadlineKind,
  type OverdueItem,
  type OverdueKind,
  type StepView,
} from '../../api';
import { everydayApi } from '../../api/everyday';
import { queries } from '../../api/queries';
import { daysOverdue } from '../../components/Countdown';
import { ExportButton } from '../../components/ExportButton';
import { EscalationSteps } from '../../components/DeadlinesView';
import { OrgSelect, RefreshButton } from '../../components/controls';
import { KeysetTable } from '../../components/KeysetTable';
import { StateTag } from '../../components/tags';
import { useKeyset } from '../../components/useKeyset';
import { useI18n } from '../../i18n';
import { useOrgs } from '../../shell/orgs';
import { DeclinedSummonsCard } from '../summons/DeclinedSummonsCard';

interface CountRow {
  orgCode: string;
  total: number;
  byKind: Partial<Record<DeadlineKind, number>>;
}

/** Supervisor (督查室): open deadlines past due, counted per organisation, with the escalation steps fired. */
export function OverduePage() {
  const { t, label, time } = useI18n();
  const orgs = useOrgs();
  const [kind, setKind] = useState<OverdueKind | undefined>();
  const [orgCode, setOrgCode] = useState<string | undefined>();
  const list = useKeyset(queries.overdue({ kind, orgCode }));
  // Every page carries the counts; the latest page read has the freshest.
  const board = list.pages.at(-1);

  const counts = useMemo<CountRow[]>(() => {
    const byOrg = new Map<string, CountRow>();
    for (const c of board?.counts ?? []) {
      const row = byOrg.get(c.orgCode) ?? { orgCode: c.orgCode, total: 0, byKind: {} };
      row.total += c.count;
      row.byKind[c.kind] = (row.byKind[c.kind] ?? 0) + c.count;
      byOrg.set(c.orgCode, row);
    }
    return [...byOrg.values()].sort((a, b) => b.total - a.total);
  }, [board]);

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={t('overdue.title')}
        extra={
          <Space wrap>
            <Select
              allowClear
              placeholder={t('overdue.kind')}
              style={{ width: 160 }}
              value={kind}
              onChange={setKind}
              options={[...DEADLINE_KINDS, 'joint_action' as const].map((k) => ({
                value: k,
                label: label('deadlineKind', k),
              }))}
            />
            <OrgSelect allowClear placeholder={t('overdue.org')} value={orgCode} onChange={setOrgCode} />
            <ExportButton
              download={() => everydayApi.exportOverdue({ kind, orgCode })}
              testId="export-overdue"
            />
            <RefreshButton onRefresh={list.reload} />
          </Space>
        }
      >
        {board && (
          <Typography.Text type="secondary">{t('overdue.asOf', { time: time(board.asOf) })}</Typography.Text>
        )}
        <Row gutter={[24, 24]} style={{ marginTop: 12 }}>
          <Col xs={24} xl={10} xxl={8}>
            <Table<CountRow>
              title={() => <Typography.Text strong>{t('overdue.counts')}</Typography.Text>}
              size="small"
              rowKey="orgCode"
              dataSource={counts}
              pagination={{ pageSize: 15, hideOnSinglePage: true }}
              onRow={(r) => ({ onClick: () => setOrgCode(r.orgCode), style: { cursor: 'pointer' } })}
              columns={[
                { title: t('overdue.org'), dataIndex: 'orgCode', render: (c: string) => orgs.name(c) },
                {
                  title: t('overdue.kind'),
                  render: (_, r) => (
                    <Space size={[0, 4]} wrap>
                      {Object.entries(r.byKind).map(([k, n]) => (
                        <Tag key={k}>
                          {label('deadlineKind', k)} {n}
                        </Tag>
                      ))}
                    </Space>
                  ),
                },
                { title: t('overdue.count'), dataIndex: 'total', align: 'right' },
              ]}
            />
          </Col>
          <Col xs={24}>
            <KeysetTable<OverdueItem>
              list={list}
              title={() => <Typography.Text strong>{t('overdue.items')}</Typography.Text>}
              size="small"
              rowKey="deadlineId"
              // No horizontal scroll at 1366 px: columns share the width and their texts wrap.
              tableLayout="fixed"
              columns={[
                {
                  title: t('assignment.task'),
                  dataIndex: 'title',
                  render: (title: string, r) => <Link to={subjectLink(r)}>{title}</Link>,
                },
                {
                  title: t('overdue.kind'),
                  dataIndex: 'kind',
                  render: (k: string) => label('deadlineKind', k),
                },
                { title: t('overdue.org'), dataIndex: 'orgCode', render: (c: string) => orgs.name(c) },
                {
                  title: t('assignment.street'),
                  dataIndex: 'streetCode',
                  render: (c: string) => orgs.name(c),
                },
                {
                  title: t('overdue.submitter'),
                  dataIndex: 'submitterCode',
                  render: (c: string | null) => (c ? orgs.name(c) : '—'),
                },
                {
                  title: t('common.state'),
                  dataIndex: 'state',
                  render: (_, r) =>
                    r.summonsId || r.jointActionId ? (
                      <Tag>{label('coordState', r.state)}</Tag>
                    ) : (
                      <StateTag state={r.state as AssignmentState} />
                    ),
                },
                { title: t('task.dueAt'), dataIndex: 'dueAt', render: (v: string) => time(v) },
                {
                  title: t('overdue.daysOverdue'),
                  dataIndex: 'dueAt',
                  key: 'daysOverdue',
                  align: 'right',
                  render: (v: string) => (
                    <Tag color="red">{t('countdown.overdue', { n: daysOverdue(v) })}</Tag>
                  ),
                },
                {
                  title: t('overdue.overdueSince'),
                  dataIndex: 'overdueSince',
                  render: (v: string | null) => time(v),
                },
                {
                  title: t('overdue.steps'),
                  dataIndex: 'steps',
                  render: (steps: StepView[]) => <EscalationSteps steps={steps} />,
                },
                {
                  title: t('overdue.tolerance'),
                  dataIndex: 'tolerance',
                  render: (c: OverdueItem['tolerance']) =>
                    c ? (
                      <Tag color={c.state === 'granted' ? 'green' : c.state === 'refused' ? 'red' : 'gold'}>
                        {label('toleranceState', c.state)}
                      </Tag>
                    ) : (
                      '—'
                    ),
                },
              ]}
            />
          </Col>
        </Row>
      </Card>
      {(!kind || kind === 'summons') && <DeclinedSummonsCard />}
    </Space>
  );
}

/** Where a board row leads: the summons, the assignment a joint action belongs to, or the assignment. */
const subjectLink = (r: OverdueItem): string =>
  r.summonsId ? `/summons/${r.summonsId}` : `/assignments/${r.assignmentId}`;
