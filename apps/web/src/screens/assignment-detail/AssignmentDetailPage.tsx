import { ReloadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  InputNumber,
  List,
  Popconfirm,
  Rate,
  Result,
  Row,
  Select,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import {
  api,
  ApiError,
  DISPUTE_REASONS,
  type AssignmentDetail,
  type DisputeReason,
  type Extension,
} from '../../api';
import { ActionModal } from '../../components/ActionModal';
import { DeadlinesView } from '../../components/DeadlinesView';
import { DecisionView } from '../../components/DecisionView';
import { useShowError } from '../../components/errors';
import { MatterSelect } from '../../components/MatterSelect';
import { OverdueTag, RoleTag, StateTag } from '../../components/tags';
import { TimelineView } from '../../components/TimelineView';
import { useI18n } from '../../i18n';
import { useInboxBadge } from '../../shell/inbox';
import { useOrgs } from '../../shell/orgs';
import { useSession } from '../../shell/session';

type DialogKind =
  'dispute' | 'progress' | 'complete' | 'extension' | 'confirm' | 'reopen' | 'withdraw' | null;

const OPEN_STATES = [
  'pending_routing',
  'awaiting_signoff',
  'in_review',
  'returned',
  'in_progress',
  'disputed',
];

const EXT_COLOR: Record<Extension['state'], string> = { pending: 'gold', approved: 'green', rejected: 'red' };

/**
 * One assignment: the task's text, the decision (stripped demands shown as not binding),
 * deadlines with their escalation steps, the timeline, and the transitions the user may take.
 * Every transition sends the version the page shows; a 409 reloads it.
 */
export function AssignmentDetailPage() {
  const { id = '' } = useParams();
  const { t, label, time } = useI18n();
  const { message } = App.useApp();
  const { role } = useSession();
  const orgs = useOrgs();
  const inbox = useInboxBadge();
  const showError = useShowError();
  const [a, setA] = useState<AssignmentDetail | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [dialog, setDialog] = useState<DialogKind>(null);
  const [signing, setSigning] = useState(false);

  const load = useCallback(async () => {
    try {
      setA(await api.assignment(id));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) setNotFound(true);
      else showError(e);
    }
  }, [id, showError]);

  useEffect(() => {
    void load();
  }, [load]);

  if (notFound) return <Result status="404" title="404" subTitle={t('common.notFound')} />;
  if (!a) return <Spin />;

  const isStreet = role === 'street';
  const isDepartment = role === 'department';
  /** After a transition the API answers with the new assignment; show it. */
  const applied = (next: AssignmentDetail, text: string) => {
    setA(next);
    setDialog(null);
    inbox.refresh();
    void message.success(text);
  };

  const sign = async () => {
    setSigning(true);
    try {
      applied(await api.sign(a.id, a.version), t('assignment.signed'));
    } catch (e) {
      showError(e, load);
    } finally {
      setSigning(false);
    }
  };

  const decideExtension = async (e: Extension, approve: boolean) => {
    try {
      await api.decideExtension(e.id, approve);
      await load();
      void message.success(t('common.done'));
    } catch (err) {
      showError(err, load);
    }
  };

  const actions = (
    <Space wrap>
      <Button icon={<ReloadOutlined />} onClick={() => void load()}>
        {t('common.refresh')}
      </Button>
      {isStreet && a.state === 'awaiting_signoff' && (
        <>
          <Popconfirm
            title={t('assignment.signConfirm')}
            onConfirm={sign}
            okText={t('common.confirm')}
            cancelText={t('common.cancel')}
          >
            <Button type="primary" loading={signing} data-testid="sign">
              {t('assignment.sign')}
            </Button>
          </Popconfirm>
          <Button danger onClick={() => setDialog('dispute')} data-testid="dispute">
            {t('assignment.dispute')}
          </Button>
        </>
      )}
      {isStreet && a.state === 'in_progress' && (
        <>
          <Button onClick={() => setDialog('progress')}>{t('assignment.progress')}</Button>
          <Button type="primary" onClick={() => setDialog('complete')}>
            {t('assignment.complete')}
          </Button>
          <Button onClick={() => setDialog('extension')}>{t('assignment.requestExtension')}</Button>
        </>
      )}
      {isDepartment && a.state === 'completed' && (
        <>
          <Button type="primary" onClick={() => setDialog('confirm')}>
            {t('taskDetail.confirm')}
          </Button>
          <Button onClick={() => setDialog('reopen')}>{t('taskDetail.reopen')}</Button>
        </>
      )}
      {isDepartment && OPEN_STATES.includes(a.state) && (
        <Button danger onClick={() => setDialog('withdraw')}>
          {t('assignment.withdraw')}
        </Button>
      )}
    </Space>
  );

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <span data-testid="assignment-title">{a.task.title}</span>
            <StateTag state={a.state} />
            <RoleTag role={a.role} />
            <OverdueTag overdue={a.overdue} />
            {a.urgent && <Tag color="red">{t('task.urgentShort')}</Tag>}
          </Space>
        }
        extra={actions}
      >
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={t('assignment.street')}>{orgs.name(a.streetCode)}</Descriptions.Item>
          <Descriptions.Item label={t('task.submitter')}>
            {role === 'street' ? (
              orgs.name(a.task.submitter.code)
            ) : (
              <Link to={`/tasks/${a.taskId}`}>{orgs.name(a.task.submitter.code)}</Link>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('task.matter')}>
            {a.task.matterCode ?? t('task.matter.offList')}
          </Descriptions.Item>
          <Descriptions.Item label={t('task.actionType')}>
            {label('action', a.task.actionType)}
          </Descriptions.Item>
          {a.task.enforcementSubject && (
            <Descriptions.Item label={t('task.enforcementSubject')}>
              {label('subject', a.task.enforcementSubject)}
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('task.resources')}>
            {a.task.resources
              ? t('task.resources.summary', {
                  funding: a.task.resources.funding ?? 0,
                  staff: a.task.resources.staff ?? 0,
                }) + (a.task.resources.detail ? `;${a.task.resources.detail}` : '')
              : t('common.none')}
          </Descriptions.Item>
          <Descriptions.Item label={t('assignment.signDueAt')}>{time(a.signDueAt)}</Descriptions.Item>
          <Descriptions.Item label={t('assignment.dueAt')}>{time(a.dueAt)}</Descriptions.Item>
          {a.task.legalBasis && (
            <Descriptions.Item label={t('task.legalBasis')}>{a.task.legalBasis}</Descriptions.Item>
          )}
        </Descriptions>
      </Card>

      <Row gutter={[24, 24]}>
        <Col xs={24} xl={14}>
          <Space direction="vertical" size="large" style={{ width: '100%' }}>
            <Card title={t('assignment.taskText')} size="small">
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                {a.task.description || t('common.none')}
              </Typography.Paragraph>
            </Card>
            <Card title={t('assignment.decision')} size="small" data-testid="decision-card">
              <DecisionView assignment={a} />
            </Card>
            <Card title={t('assignment.deadlines')} size="small">
              <DeadlinesView deadlines={a.deadlines} />
            </Card>
            {a.extensions.length > 0 && (
              <Card title={t('assignment.extensions')} size="small">
                <List
                  dataSource={a.extensions}
                  renderItem={(e) => (
                    <List.Item
                      actions={
                        isDepartment && e.state === 'pending'
                          ? [
                              <Button
                                key="a"
                                size="small"
                                type="primary"
                                onClick={() => void decideExtension(e, true)}
                              >
                                {t('taskDetail.approve')}
                              </Button>,
                              <Button key="r" size="small" onClick={() => void decideExtension(e, false)}>
                                {t('taskDetail.reject')}
                              </Button>,
                            ]
                          : []
                      }
                    >
                      <Space>
                        <Tag color={EXT_COLOR[e.state]}>{t(`assignment.extState.${e.state}`)}</Tag>
                        {t('assignment.extLine', { days: e.workingDays, reason: e.reason })}
                        <Typography.Text type="secondary">{time(e.createdAt)}</Typography.Text>
                      </Space>
                    </List.Item>
                  )}
                />
              </Card>
            )}
          </Space>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('assignment.timeline')} size="small" data-testid="timeline">
            <TimelineView events={a.timeline} />
          </Card>
        </Col>
      </Row>

      <ActionModal<{ reasonCode: DisputeReason; citedMatterCode?: string | null; reason: string }>
        open={dialog === 'dispute'}
        title={t('assignment.dispute')}
        fields={['reasonCode', 'citedMatterCode', 'reason']}
        onCancel={() => setDialog(null)}
        onConflict={load}
        onSubmit={async (v) =>
          applied(
            await api.dispute(a.id, {
              version: a.version,
              reasonCode: v.reasonCode,
              citedMatterCode: v.citedMatterCode || undefined,
              reason: v.reason,
            }),
            t('assignment.disputed'),
          )
        }
      >
        <Form.Item
          name="reasonCode"
          label={t('assignment.disputeReason')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Select options={DISPUTE_REASONS.map((r) => ({ value: r, label: label('disputeReason', r) }))} />
        </Form.Item>
        <Form.Item name="citedMatterCode" label={t('assignment.citedMatter')}>
          <MatterSelect />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('assignment.disputeText')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </ActionModal>

      <ActionModal<{ note: string }>
        open={dialog === 'progress'}
        title={t('assignment.progress')}
        fields={['note']}
        onCancel={() => setDialog(null)}
        onConflict={load}
        onSubmit={async (v) => applied(await api.progress(a.id, v.note), t('common.done'))}
      >
        <Form.Item
          name="note"
          label={t('assignment.progressNote')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </ActionModal>

      <ActionModal<{ result: string }>
        open={dialog === 'complete'}
        title={t('assignment.complete')}
        fields={['result']}
        onCancel={() => setDialog(null)}
        onConflict={load}
        onSubmit={async (v) => applied(await api.complete(a.id, a.version, v.result), t('common.done'))}
      >
        <Form.Item
          name="result"
          label={t('assignment.result')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input.TextArea rows={4} maxLength={5000} />
        </Form.Item>
      </ActionModal>

      <ActionModal<{ workingDays: number; reason: string }>
        open={dialog === 'extension'}
        title={t('assignment.requestExtension')}
        fields={['workingDays', 'reason']}
        initialValues={{ workingDays: 5 }}
        onCancel={() => setDialog(null)}
        onConflict={load}
        onSubmit={async (v) =>
          applied(await api.requestExtension(a.id, v.workingDays, v.reason), t('common.done'))
        }
      >
        <Form.Item
          name="workingDays"
          label={t('assignment.workingDays')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <InputNumber min={1} max={60} precision={0} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('common.reason')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </ActionModal>

      <ActionModal<{ rating: number; comment?: string }>
        open={dialog === 'confirm'}
        title={t('taskDetail.confirm')}
        fields={['rating', 'comment']}
        initialValues={{ rating: 5 }}
        onCancel={() => setDialog(null)}
        onConflict={load}
        onSubmit={async (v) =>
          applied(await api.confirm(a.id, a.version, v.rating, v.comment), t('common.done'))
        }
      >
        <Form.Item
          name="rating"
          label={t('taskDetail.rating')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Rate />
        </Form.Item>
        <Form.Item name="comment" label={t('taskDetail.comment')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </ActionModal>

      <ActionModal<{ reason: string }>
        open={dialog === 'reopen' || dialog === 'withdraw'}
        title={t(dialog === 'withdraw' ? 'assignment.withdraw' : 'taskDetail.reopen')}
        fields={['reason']}
        onCancel={() => setDialog(null)}
        onConflict={load}
        onSubmit={async (v) =>
          applied(
            dialog === 'withdraw'
              ? await api.withdrawAssignment(a.id, a.version, v.reason)
              : await api.reopen(a.id, a.version, v.reason),
            t('common.done'),
          )
        }
      >
        <Form.Item
          name="reason"
          label={t('common.reason')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </ActionModal>
    </Space>
  );
}
