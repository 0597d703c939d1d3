import { useQuery } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  Rate,
  Result,
  Row,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError, type SummonsDetail, type SummonsResponseView } from '../../api';
import { coordinationQueries, useSummonsAction, type SummonsAction } from '../../api/coordination';
import { ActionModal, RatingModal, TextModal } from '../../components/ActionModal';
import { RefreshButton } from '../../components/controls';
import { EscalationSteps } from '../../components/DeadlinesView';
import { TextAreaItem, useRequired } from '../../components/formItems';
import { QueryError } from '../../components/QueryError';
import { UrgentTag } from '../../components/tags';
import { TimelineView } from '../../components/TimelineView';
import { useI18n } from '../../i18n';
import { useOrgs } from '../../shell/orgs';
import { useSession } from '../../shell/session';
import { Countdown } from './Countdown';
import { ResponseTag, SummonsStateTag } from './tags';

type Dialog = { kind: 'report' | 'decline' | 'close' } | { kind: 'rate'; departmentCode: string } | null;

/**
 * One summons. The street watches each department's report-by countdown, sees who came and what
 * they will do, rates each department that answered and closes the summons with its result; a
 * summoned department reports (who came, what it will do) or declines with a reason.
 */
export function SummonsDetailPage() {
  const { id = '' } = useParams();
  const { t, label, time } = useI18n();
  const { message } = App.useApp();
  const { user, role } = useSession();
  const orgs = useOrgs();
  const required = useRequired();
  const { data: s, error, refetch: load } = useQuery(coordinationQueries.summons(id));
  const action = useSummonsAction();
  const [dialog, setDialog] = useState<Dialog>(null);

  if (error instanceof ApiError && error.status === 404)
    return <Result status="404" title="404" subTitle={t('common.notFound')} />;
  if (!s && error) return <QueryError error={error} onRetry={load} />;
  if (!s) return <Spin />;

  const apply = async (a: SummonsAction, text: string) => {
    await action.mutateAsync({ id: s.id, action: a });
    setDialog(null);
    void message.success(text);
  };
  const own = s.responses.find((r) => r.departmentCode === user?.org.code);
  const mayAnswer = role === 'department' && s.state === 'open' && own?.state === 'pending';
  const isStreet = role === 'street' && s.streetCode === user?.org.code;
  const rated = new Map(s.ratings.map((r) => [r.departmentCode, r]));

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <span data-testid="summons-title">{s.subject}</span>
            <SummonsStateTag state={s.state} />
            {s.urgent && <UrgentTag />}
          </Space>
        }
        extra={
          <Space wrap>
            <RefreshButton icon onRefresh={load} />
            {mayAnswer && (
              <>
                <Button
                  type="primary"
                  onClick={() => setDialog({ kind: 'report' })}
                  data-testid="summons-report"
                >
                  {t('summons.report')}
                </Button>
                <Button danger onClick={() => setDialog({ kind: 'decline' })} data-testid="summons-decline">
                  {t('summons.decline')}
                </Button>
              </>
            )}
            {isStreet && s.state === 'open' && (
              <Button onClick={() => setDialog({ kind: 'close' })} data-testid="summons-close">
                {t('summons.close')}
              </Button>
            )}
          </Space>
        }
      >
        {error && <QueryError error={error} onRetry={load} style={{ marginBottom: 12 }} />}
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={t('summons.street')}>{orgs.name(s.streetCode)}</Descriptions.Item>
          <Descriptions.Item label={t('summons.place')}>{s.place}</Descriptions.Item>
          <Descriptions.Item label={t('summons.createdAt')}>{time(s.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={t('summons.reportByAt')}>{time(s.reportByAt)}</Descriptions.Item>
          {s.assignmentId && role !== 'department' && (
            <Descriptions.Item label={t('summons.assignment')}>
              <Link to={`/assignments/${s.assignmentId}`}>{t('summons.openAssignment')}</Link>
            </Descriptions.Item>
          )}
          {s.state === 'closed' && (
            <Descriptions.Item label={t('summons.closedAt')}>{time(s.closedAt)}</Descriptions.Item>
          )}
        </Descriptions>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 12 }}>
          {s.description}
        </Typography.Paragraph>
        {s.result && (
          <Typography.Paragraph data-testid="summons-result">
            <Typography.Text strong>{t('summons.result')}: </Typography.Text>
            {s.result}
          </Typography.Paragraph>
        )}
      </Card>

      <Card title={t('summons.responses')} size="small">
        <Table<SummonsResponseView>
          size="small"
          rowKey="departmentCode"
          pagination={false}
          dataSource={s.responses}
          scroll={{ x: 900 }}
          data-testid="summons-responses"
          columns={[
            {
              title: t('summons.department'),
              dataIndex: 'departmentCode',
              render: (c: string) => orgs.name(c),
            },
            {
              title: t('common.state'),
              dataIndex: 'state',
              render: (_, r) => (
                <Space size={4} wrap>
                  <ResponseTag state={r.state} />
                  {r.state === 'pending' && s.state === 'open' && <Countdown until={r.reportByAt} />}
                </Space>
              ),
            },
            { title: t('summons.reportByAt'), dataIndex: 'reportByAt', render: (v: string) => time(v) },
            { title: t('summons.reporter'), dataIndex: 'reporter', render: (v: string | null) => v ?? '—' },
            { title: t('summons.arrivedAt'), dataIndex: 'arrivedAt', render: (v: string | null) => time(v) },
            {
              title: t('summons.note'),
              dataIndex: 'note',
              render: (v: string | null) => <span style={{ whiteSpace: 'pre-wrap' }}>{v ?? '—'}</span>,
            },
            {
              title: t('summons.rating'),
              key: 'rating',
              render: (_, r) => {
                const given = rated.get(r.departmentCode);
                if (given)
                  return (
                    <Space direction="vertical" size={0}>
                      <Rate disabled value={given.score} style={{ fontSize: 14 }} />
                      {given.comment && <Typography.Text type="secondary">{given.comment}</Typography.Text>}
                    </Space>
                  );
                return isStreet && r.state !== 'pending' ? (
                  <Button
                    size="small"
                    onClick={() => setDialog({ kind: 'rate', departmentCode: r.departmentCode })}
                    data-testid={`rate-${r.departmentCode}`}
                  >
                    {t('summons.rate')}
                  </Button>
                ) : (
                  '—'
                );
              },
            },
          ]}
        />
      </Card>

      <Row gutter={[24, 24]}>
        <Col xs={24} xl={14}>
          <Card title={t('summons.deadlines')} size="small">
            <Table<SummonsDetail['deadlines'][number]>
              size="small"
              rowKey="departmentCode"
              pagination={false}
              dataSource={s.deadlines}
              columns={[
                {
                  title: t('summons.department'),
                  dataIndex: 'departmentCode',
                  render: (c: string) => orgs.name(c),
                },
                {
                  title: t('common.state'),
                  dataIndex: 'state',
                  render: (v: string, d) => (
                    <Space size={0}>
                      <Tag>{label('deadlineState', v)}</Tag>
                      {d.overdueAt && <Tag color="red">{t('assignment.overdue')}</Tag>}
                    </Space>
                  ),
                },
                { title: t('task.dueAt'), dataIndex: 'dueAt', render: (v: string) => time(v) },
                {
                  title: t('overdue.steps'),
                  dataIndex: 'steps',
                  render: (v) => <EscalationSteps steps={v} />,
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('assignment.timeline')} size="small">
            <TimelineView events={s.timeline} />
          </Card>
        </Col>
      </Row>

      <ActionModal<{ reporter: string; note: string }>
        open={dialog?.kind === 'report'}
        title={t('summons.report')}
        fields={['reporter', 'note', 'arrivedAt']}
        onCancel={() => setDialog(null)}
        onConflict={load}
        onSubmit={(v) =>
          apply(
            { kind: 'respond', body: { state: 'reported', reporter: v.reporter, note: v.note } },
            t('summons.reported'),
          )
        }
      >
        <Form.Item
          name="reporter"
          label={t('summons.reporter')}
          rules={required}
          extra={t('summons.reporterHint')}
        >
          <Input maxLength={200} data-testid="summons-reporter" />
        </Form.Item>
        <TextAreaItem name="note" label={t('summons.willDo')} />
      </ActionModal>

      <TextModal
        open={dialog?.kind === 'decline'}
        title={t('summons.decline')}
        name="note"
        label={t('summons.declineReason')}
        onCancel={() => setDialog(null)}
        onConflict={load}
        onSubmit={(note) => apply({ kind: 'respond', body: { state: 'declined', note } }, t('common.done'))}
      />

      <TextModal
        open={dialog?.kind === 'close'}
        title={t('summons.close')}
        name="result"
        label={t('summons.result')}
        rows={4}
        maxLength={5000}
        onCancel={() => setDialog(null)}
        onConflict={load}
        onSubmit={(result) => apply({ kind: 'close', result }, t('common.done'))}
      />

      <RatingModal
        open={dialog?.kind === 'rate'}
        title={
          dialog?.kind === 'rate'
            ? `${t('summons.rate')} · ${orgs.name(dialog.departmentCode)}`
            : t('summons.rate')
        }
        onCancel={() => setDialog(null)}
        onConflict={load}
        onSubmit={(v) =>
          dialog?.kind === 'rate'
            ? apply(
                {
                  kind: 'rate',
                  body: {
                    departmentCode: dialog.departmentCode,
                    score: v.rating,
                    comment: v.comment || undefined,
                  },
                },
                t('common.done'),
              )
            : Promise.resolve()
        }
      />
    </Space>
  );
}
