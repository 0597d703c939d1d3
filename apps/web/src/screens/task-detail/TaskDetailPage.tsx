import { ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  List,
  Rate,
  Result,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, ApiError, type Assignment, type Extension, type TaskDetail } from '../../api';
import { ActionModal } from '../../components/ActionModal';
import { useShowError } from '../../components/errors';
import { OutcomeTag, OverdueTag, RoleTag, StateTag, StrippedDemands } from '../../components/tags';
import {
  TASK_FIELD_PATHS,
  TaskFields,
  taskFieldsBody,
  taskFieldsFrom,
  type TaskFieldValues,
} from '../../components/TaskFields';
import { useI18n } from '../../i18n';
import { useOrgs } from '../../shell/orgs';
import { useSession } from '../../shell/session';

/** While routing is under way the page asks again this often (routing takes well under a second). */
const ROUTING_POLL_MS = 1500;
const OPEN_STATES = [
  'pending_routing',
  'awaiting_signoff',
  'in_review',
  'returned',
  'in_progress',
  'disputed',
];

type Dialog =
  | { kind: 'withdraw' }
  | { kind: 'resubmit' }
  | { kind: 'confirm'; a: Assignment }
  | { kind: 'reopen'; a: Assignment }
  | null;

/** A task with each street's assignment: state, role, decision; the department's actions on them. */
export function TaskDetailPage() {
  const { id = '' } = useParams();
  const { t, label, lang, time } = useI18n();
  const { message } = App.useApp();
  const { role } = useSession();
  const orgs = useOrgs();
  const showError = useShowError();
  const [task, setTask] = useState<TaskDetail | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [extensions, setExtensions] = useState<(Extension & { streetCode: string })[]>([]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const isDepartment = role === 'department';

  const load = useCallback(async () => {
    try {
      const detail = await api.task(id);
      setTask(detail);
      if (role === 'department') {
        // Pending extension requests live on the assignments in progress.
        const open = detail.assignments.filter((a) => a.state === 'in_progress');
        const details = await Promise.all(open.map((a) => api.assignment(a.id)));
        setExtensions(
          details.flatMap((d) =>
            d.extensions
              .filter((e) => e.state === 'pending')
              .map((e) => ({ ...e, streetCode: d.streetCode })),
          ),
        );
      }
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) setNotFound(true);
      else showError(e);
    }
  }, [id, role, showError]);

  useEffect(() => {
    void load();
  }, [load]);

  const routing = task?.assignments.some((a) => a.state === 'pending_routing') ?? false;
  useEffect(() => {
    if (!routing) return;
    const timer = setInterval(() => void load(), ROUTING_POLL_MS);
    return () => clearInterval(timer);
  }, [routing, load]);

  if (notFound) return <Result status="404" title="404" subTitle={t('common.notFound')} />;
  if (!task) return <Spin />;

  const canWithdraw = isDepartment && task.assignments.some((a) => OPEN_STATES.includes(a.state));
  const canResubmit = isDepartment && task.assignments.some((a) => a.state === 'returned');
  const done = async (text: string) => {
    setDialog(null);
    void message.success(text);
    await load();
  };

  const decideExtension = async (e: Extension, approve: boolean) => {
    try {
      await api.decideExtension(e.id, approve);
      await done(t('common.done'));
    } catch (err) {
      showError(err, load);
    }
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <span data-testid="task-title">{task.title}</span>
            {task.urgent && <Tag color="red">{t('task.urgentShort')}</Tag>}
          </Space>
        }
        extra={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={() => void load()}>
              {t('common.refresh')}
            </Button>
            {canResubmit && (
              <Button type="primary" onClick={() => setDialog({ kind: 'resubmit' })}>
                {t('taskDetail.resubmit')}
              </Button>
            )}
            {canWithdraw && (
              <Button danger onClick={() => setDialog({ kind: 'withdraw' })}>
                {t('taskDetail.withdraw')}
              </Button>
            )}
          </Space>
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={t('task.submitter')}>{orgs.name(task.submitter.code)}</Descriptions.Item>
          <Descriptions.Item label={t('task.matter')}>
            {task.matterCode ?? t('task.matter.offList')}
          </Descriptions.Item>
          <Descriptions.Item label={t('task.actionType')}>
            {label('action', task.actionType)}
          </Descriptions.Item>
          {task.enforcementSubject && (
            <Descriptions.Item label={t('task.enforcementSubject')}>
              {label('subject', task.enforcementSubject)}
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('task.resources')}>
            {task.resources
              ? t('task.resources.summary', {
                  funding: task.resources.funding ?? 0,
                  staff: task.resources.staff ?? 0,
                }) + (task.resources.detail ? `;${task.resources.detail}` : '')
              : t('common.none')}
          </Descriptions.Item>
          <Descriptions.Item label={t('task.temporary')}>
            {t(task.temporary ? 'common.yes' : 'common.no')}
          </Descriptions.Item>
          <Descriptions.Item label={t('task.dueAt')}>
            {time(task.dueAt)}
            {task.deadlineWorkingDays
              ? ` (${t('task.deadlineWorkingDays.unit', { n: task.deadlineWorkingDays })})`
              : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('task.demands')}>
            {task.demands.length
              ? task.demands.map((d) => <Tag key={d}>{label('demand', d)}</Tag>)
              : t('common.none')}
          </Descriptions.Item>
          <Descriptions.Item label={t('task.listVersion')}>{task.listVersion}</Descriptions.Item>
          <Descriptions.Item label={t('task.createdAt')}>{time(task.createdAt)}</Descriptions.Item>
          {task.legalBasis && (
            <Descriptions.Item label={t('task.legalBasis')}>{task.legalBasis}</Descriptions.Item>
          )}
        </Descriptions>
        {task.description && (
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 12 }}>
            {task.description}
          </Typography.Paragraph>
        )}
      </Card>

      {routing && (
        <Alert type="info" showIcon message={t('taskDetail.routing')} data-testid="routing-banner" />
      )}
      {canResubmit && <Alert type="warning" showIcon message={t('taskDetail.resubmitHint')} />}

      {extensions.length > 0 && (
        <Card title={t('taskDetail.extensions')}>
          <List
            dataSource={extensions}
            renderItem={(e) => (
              <List.Item
                actions={[
                  <Button key="a" type="primary" size="small" onClick={() => void decideExtension(e, true)}>
                    {t('taskDetail.approve')}
                  </Button>,
                  <Button key="r" size="small" onClick={() => void decideExtension(e, false)}>
                    {t('taskDetail.reject')}
                  </Button>,
                ]}
              >
                {t('taskDetail.extensionLine', {
                  street: orgs.name(e.streetCode),
                  days: e.workingDays,
                  reason: e.reason,
                })}
              </List.Item>
            )}
          />
        </Card>
      )}

      <Card title={t('taskDetail.assignments')}>
        <Table<Assignment>
          rowKey="id"
          size="middle"
          pagination={false}
          dataSource={task.assignments}
          scroll={{ x: 1400 }}
          data-testid="task-assignments"
          columns={[
            {
              title: t('assignment.street'),
              dataIndex: 'streetCode',
              fixed: 'left',
              render: (c: string, a) => <Link to={`/assignments/${a.id}`}>{orgs.name(c)}</Link>,
            },
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
            { title: t('assignment.role'), dataIndex: 'role', render: (_, a) => <RoleTag role={a.role} /> },
            {
              title: t('assignment.outcome'),
              width: 160,
              render: (_, a) => <OutcomeTag outcome={a.decision?.outcome} />,
            },
            { title: t('assignment.rule'), render: (_, a) => a.decision?.ruleId ?? '—' },
            { title: t('assignment.listVersion'), render: (_, a) => a.decision?.listVersion ?? '—' },
            {
              title: t('assignment.reason'),
              width: 360,
              render: (_, a) =>
                a.decision ? (lang === 'en' ? a.decision.reasonEn : a.decision.reason) : '—',
            },
            {
              title: t('assignment.stripped'),
              render: (_, a) => <StrippedDemands demands={a.decision?.strippedDemands ?? []} />,
            },
            {
              title: t('assignment.signDueAt'),
              dataIndex: 'signDueAt',
              render: (v: string | null) => time(v),
            },
            { title: t('assignment.dueAt'), dataIndex: 'dueAt', render: (v: string) => time(v) },
            {
              title: t('common.actions'),
              fixed: 'right',
              render: (_, a) =>
                isDepartment && a.state === 'completed' ? (
                  <Space>
                    <Button size="small" type="primary" onClick={() => setDialog({ kind: 'confirm', a })}>
                      {t('taskDetail.confirm')}
                    </Button>
                    <Button size="small" onClick={() => setDialog({ kind: 'reopen', a })}>
                      {t('taskDetail.reopen')}
                    </Button>
                  </Space>
                ) : null,
            },
          ]}
        />
      </Card>

      <ActionModal<{ reason: string }>
        open={dialog?.kind === 'withdraw'}
        title={t('taskDetail.withdraw')}
        fields={['reason']}
        onCancel={() => setDialog(null)}
        onConflict={load}
        onSubmit={async (v) => {
          await api.withdrawTask(task.id, v.reason);
          await done(t('taskDetail.withdrawn'));
        }}
      >
        <Form.Item
          name="reason"
          label={t('taskDetail.withdrawReason')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </ActionModal>

      <ActionModal<TaskFieldValues>
        open={dialog?.kind === 'resubmit'}
        title={t('taskDetail.resubmit')}
        width={820}
        fields={TASK_FIELD_PATHS}
        initialValues={taskFieldsFrom(task)}
        onCancel={() => setDialog(null)}
        onConflict={load}
        onSubmit={async (v) => {
          await api.resubmitTask(task.id, taskFieldsBody(v));
          await done(t('taskDetail.resubmitted'));
        }}
      >
        <TaskFields />
      </ActionModal>

      <ActionModal<{ rating: number; comment?: string }>
        open={dialog?.kind === 'confirm'}
        title={`${t('taskDetail.confirm')} — ${dialog?.kind === 'confirm' ? orgs.name(dialog.a.streetCode) : ''}`}
        fields={['rating', 'comment']}
        initialValues={{ rating: 5 }}
        onCancel={() => setDialog(null)}
        onConflict={load}
        onSubmit={async (v) => {
          if (dialog?.kind !== 'confirm') return;
          await api.confirm(dialog.a.id, dialog.a.version, v.rating, v.comment);
          await done(t('common.done'));
        }}
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
        open={dialog?.kind === 'reopen'}
        title={`${t('taskDetail.reopen')} — ${dialog?.kind === 'reopen' ? orgs.name(dialog.a.streetCode) : ''}`}
        fields={['reason']}
        onCancel={() => setDialog(null)}
        onConflict={load}
        onSubmit={async (v) => {
          if (dialog?.kind !== 'reopen') return;
          await api.reopen(dialog.a.id, dialog.a.version, v.reason);
          await done(t('common.done'));
        }}
      >
        <Form.Item
          name="reason"
          label={t('taskDetail.reopenReason')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </ActionModal>
    </Space>
  );
}
