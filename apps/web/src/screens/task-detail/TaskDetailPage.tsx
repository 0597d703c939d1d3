import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  List,
  Result,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, OPEN_STATES, type Assignment, type Extension, type TaskDetail } from '../../api';
import { ActionModal, RatingModal, TextModal } from '../../components/ActionModal';
import { RefreshButton } from '../../components/controls';
import { useShowError } from '../../components/errors';
import { useExtensionActions } from '../../components/extensions';
import { OutcomeTag, RoleTag, StateOverdueTags, StrippedDemands, UrgentTag } from '../../components/tags';
import { useTaskFacts } from '../../components/TaskFacts';
import {
  TASK_FIELD_PATHS,
  TaskFields,
  taskFieldsBody,
  taskFieldsFrom,
  type TaskFieldValues,
} from '../../components/TaskFields';
import { useRecord } from '../../components/useFetched';
import { useI18n } from '../../i18n';
import { useOrgs } from '../../shell/orgs';
import { useSession } from '../../shell/session';

/** While routing is under way the page asks again this often (routing takes well under a second). */
const ROUTING_POLL_MS = 1500;

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
  const facts = useTaskFacts();
  const { data: task, notFound, load } = useRecord(() => api.task(id), [id]);
  const extensions = usePendingExtensions(role === 'department' ? task : null);
  const extensionActions = useExtensionActions(load);
  const [dialog, setDialog] = useState<Dialog>(null);
  const navigate = useNavigate();
  const isDepartment = role === 'department';

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
  // Resubmitting moves the returned assignments to a new task when other streets hold this one.
  const resubmitSplits = canResubmit && task.assignments.some((a) => a.state !== 'returned');
  const done = async (text: string) => {
    setDialog(null);
    void message.success(text);
    await load();
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <span data-testid="task-title">{task.title}</span>
            {task.urgent && <UrgentTag />}
          </Space>
        }
        extra={
          <Space>
            <RefreshButton icon onRefresh={load} />
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
          {facts.routing(task)}
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
          {task.originTaskId && (
            <Descriptions.Item label={t('taskDetail.originTask')}>
              <Link to={`/tasks/${task.originTaskId}`}>{task.originTaskId.slice(0, 8)}</Link>
            </Descriptions.Item>
          )}
          {!!task.splitTaskIds?.length && (
            <Descriptions.Item label={t('taskDetail.splitTasks')}>
              <Space wrap>
                {task.splitTaskIds.map((s) => (
                  <Link key={s} to={`/tasks/${s}`}>
                    {s.slice(0, 8)}
                  </Link>
                ))}
              </Space>
            </Descriptions.Item>
          )}
          {facts.legalBasis(task)}
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
      {canResubmit && (
        <Alert
          type="warning"
          showIcon
          message={t('taskDetail.resubmitHint')}
          description={resubmitSplits ? t('taskDetail.resubmitSplitHint') : undefined}
        />
      )}

      {extensions.length > 0 && (
        <Card title={t('taskDetail.extensions')}>
          <List
            dataSource={extensions}
            renderItem={(e) => (
              <List.Item actions={extensionActions(e)}>
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
              render: (_, a) => <StateOverdueTags state={a.state} overdue={a.overdue} />,
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

      <TextModal
        open={dialog?.kind === 'withdraw'}
        title={t('taskDetail.withdraw')}
        name="reason"
        label={t('taskDetail.withdrawReason')}
        onCancel={() => setDialog(null)}
        onConflict={load}
        onSubmit={async (reason) => {
          await api.withdrawTask(task.id, reason);
          await done(t('taskDetail.withdrawn'));
        }}
      />

      <ActionModal<TaskFieldValues>
        open={dialog?.kind === 'resubmit'}
        title={t('taskDetail.resubmit')}
        width={820}
        fields={TASK_FIELD_PATHS}
        initialValues={taskFieldsFrom(task)}
        onCancel={() => setDialog(null)}
        onConflict={load}
        onSubmit={async (v) => {
          const next = await api.resubmitTask(task.id, taskFieldsBody(v));
          if (next.id !== task.id) {
            setDialog(null);
            void message.success(t('taskDetail.resubmitted'));
            navigate(`/tasks/${next.id}`);
          } else await done(t('taskDetail.resubmitted'));
        }}
      >
        <TaskFields />
      </ActionModal>

      <RatingModal
        open={dialog?.kind === 'confirm'}
        title={`${t('taskDetail.confirm')} — ${dialog?.kind === 'confirm' ? orgs.name(dialog.a.streetCode) : ''}`}
        onCancel={() => setDialog(null)}
        onConflict={load}
        onSubmit={async (v) => {
          if (dialog?.kind !== 'confirm') return;
          await api.confirm(dialog.a.id, dialog.a.version, v.rating, v.comment);
          await done(t('common.done'));
        }}
      />

      <TextModal
        open={dialog?.kind === 'reopen'}
        title={`${t('taskDetail.reopen')} — ${dialog?.kind === 'reopen' ? orgs.name(dialog.a.streetCode) : ''}`}
        name="reason"
        label={t('taskDetail.reopenReason')}
        onCancel={() => setDialog(null)}
        onConflict={load}
        onSubmit={async (reason) => {
          if (dialog?.kind !== 'reopen') return;
          await api.reopen(dialog.a.id, dialog.a.version, reason);
          await done(t('common.done'));
        }}
      />
    </Space>
  );
}

/**
 * A department's pending extension requests on the task: they live on the assignments in
 * progress, fetched again whenever the task is (re)loaded.
 */
function usePendingExtensions(task: TaskDetail | null) {
  const showError = useShowError();
  const [extensions, setExtensions] = useState<(Extension & { streetCode: string })[]>([]);
  useEffect(() => {
    if (!task) return;
    let current = true;
    const open = task.assignments.filter((a) => a.state === 'in_progress');
    Promise.all(open.map((a) => api.assignment(a.id)))
      .then((details) => {
        if (!current) return;
        setExtensions(
          details.flatMap((d) =>
            d.extensions
              .filter((e) => e.state === 'pending')
              .map((e) => ({ ...e, streetCode: d.streetCode })),
          ),
        );
      })
      .catch((e: unknown) => current && showError(e));
    return () => {
      current = false;
    };
  }, [task, showError]);
  return extensions;
}
