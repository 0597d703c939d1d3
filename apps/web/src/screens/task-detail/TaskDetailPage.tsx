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
import { useQueries, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError, type Assignment } from '../../api';
import { useAssignmentAction, useTaskAction } from '../../api/mutations';
import { queries } from '../../api/queries';
import { ActionModal, RatingModal, TextModal } from '../../components/ActionModal';
import { RefreshButton } from '../../components/controls';
import { RuleLabel } from '../../components/DecisionView';
import { CompletionReport, useExtensionDecision } from '../../components/confirmations';
import { QueryError } from '../../components/QueryError';
import { OutcomeTag, RoleTag, StateOverdueTags, StrippedDemands, UrgentTag } from '../../components/tags';
import { useTaskFacts } from '../../components/TaskFacts';
import {
  TASK_FIELD_PATHS,
  TaskFields,
  resubmitBody,
  taskFieldsFrom,
  type TaskFieldValues,
} from '../../components/TaskFields';
import { useI18n } from '../../i18n';
import { useOrgs } from '../../shell/orgs';
import { usePermissions } from '../../shell/permissions';

type Dialog =
  | { kind: 'withdraw' }
  | { kind: 'resubmit' }
  | { kind: 'confirm'; a: Assignment }
  | { kind: 'reopen'; a: Assignment }
  | null;

/**
 * A task with each street's assignment: state, role, decision; the department's actions on them.
 * While routing is under way the task query polls (queries.task).
 */
export function TaskDetailPage() {
  const { id = '' } = useParams();
  const { t, label, lang, time } = useI18n();
  const { message } = App.useApp();
  const orgs = useOrgs();
  const facts = useTaskFacts();
  const { data: task, error, refetch: load } = useQuery(queries.task(id));
  const navigate = useNavigate();
  const { allowed, can } = usePermissions();
  // Extension requests wait on the assignments the user may decide them for (the table: in progress).
  const pending = usePendingExtensions(task?.assignments.filter((a) => can('decide_extension', a)) ?? []);
  const extensionDecision = useExtensionDecision();
  const taskAction = useTaskAction();
  const assignmentAction = useAssignmentAction();
  const [dialog, setDialog] = useState<Dialog>(null);

  if (error instanceof ApiError && error.status === 404)
    return <Result status="404" title="404" subTitle={t('common.notFound')} />;
  if (!task && error) return <QueryError error={error} onRetry={load} />;
  if (!task) return <Spin />;

  const routing = task.assignments.some((a) => a.state === 'pending_routing');
  // The task-wide actions apply to the assignments the table allows them on (the API does the same).
  const canWithdraw = task.assignments.some((a) => can('withdraw', a));
  const canResubmit = task.assignments.some((a) => can('resubmit', a));
  // Resubmitting moves the returned assignments to a new task when other streets hold this one.
  const resubmitSplits = canResubmit && task.assignments.some((a) => a.state !== 'returned');
  /** After a transition: the cache holds the new state (api/mutations), the page shows it. */
  const done = (text: string) => {
    setDialog(null);
    void message.success(text);
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
        {error && <QueryError error={error} onRetry={load} style={{ marginTop: 12 }} />}
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

      {pending.error && <QueryError error={pending.error} onRetry={pending.retry} />}
      {pending.extensions.length > 0 && (
        <Card title={t('taskDetail.extensions')}>
          <List
            dataSource={pending.extensions}
            renderItem={(e) => (
              <List.Item actions={extensionDecision.actions(e)}>
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
          // No sticky columns and no horizontal scroll: at 1366 px every column fits, reasons wrap.
          tableLayout="fixed"
          data-testid="task-assignments"
          columns={[
            {
              title: t('assignment.street'),
              dataIndex: 'streetCode',
              width: 130,
              render: (c: string, a) => <Link to={`/assignments/${a.id}`}>{orgs.name(c)}</Link>,
            },
            {
              title: t('common.state'),
              dataIndex: 'state',
              width: 120,
              render: (_, a) => (
                <Space direction="vertical" size={2}>
                  <StateOverdueTags state={a.state} overdue={a.overdue} />
                  <RoleTag role={a.role} />
                </Space>
              ),
            },
            {
              title: t('assignment.outcome'),
              width: 170,
              render: (_, a) =>
                a.decision ? (
                  <Space direction="vertical" size={2}>
                    <OutcomeTag outcome={a.decision.outcome} />
                    <span>
                      <RuleLabel ruleId={a.decision.ruleId} />
                      {a.decision.listVersion}
                    </span>
                  </Space>
                ) : (
                  '—'
                ),
            },
            {
              title: t('assignment.reason'),
              render: (_, a) =>
                a.decision ? (
                  <Space direction="vertical" size={4}>
                    <span style={{ whiteSpace: 'pre-wrap' }}>
                      {lang === 'en' ? a.decision.reasonEn : a.decision.reason}
                    </span>
                    {a.decision.outcome !== 'refused' && (
                      <StrippedDemands demands={a.decision.strippedDemands} />
                    )}
                  </Space>
                ) : (
                  '—'
                ),
            },
            {
              title: t('assignment.dueAt'),
              width: 170,
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
            {
              title: t('common.actions'),
              width: 110,
              render: (_, a) => {
                const may = allowed(a);
                return may.includes('confirm') || may.includes('reopen') ? (
                  <Space direction="vertical" size={4}>
                    {may.includes('confirm') && (
                      <Button size="small" type="primary" onClick={() => setDialog({ kind: 'confirm', a })}>
                        {t('taskDetail.confirm')}
                      </Button>
                    )}
                    {may.includes('reopen') && (
                      <Button size="small" onClick={() => setDialog({ kind: 'reopen', a })}>
                        {t('taskDetail.reopen')}
                      </Button>
                    )}
                  </Space>
                ) : null;
              },
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
          await taskAction.mutateAsync({ id: task.id, kind: 'withdraw', reason });
          done(t('taskDetail.withdrawn'));
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
          const next = await taskAction.mutateAsync({ id: task.id, kind: 'resubmit', body: resubmitBody(v) });
          done(t('taskDetail.resubmitted'));
          if (next.id !== task.id) navigate(`/tasks/${next.id}`);
        }}
      >
        <TaskFields />
      </ActionModal>

      {extensionDecision.modal}

      <RatingModal
        open={dialog?.kind === 'confirm'}
        before={dialog?.kind === 'confirm' && <CompletionReport assignmentId={dialog.a.id} />}
        title={`${t('taskDetail.confirm')} — ${dialog?.kind === 'confirm' ? orgs.name(dialog.a.streetCode) : ''}`}
        onCancel={() => setDialog(null)}
        onConflict={load}
        onSubmit={async (v) => {
          if (dialog?.kind !== 'confirm') return;
          const { id: assignmentId, version } = dialog.a;
          await assignmentAction.mutateAsync({
            id: assignmentId,
            action: { kind: 'confirm', version, rating: v.rating, comment: v.comment || undefined },
          });
          done(t('common.done'));
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
          const { id: assignmentId, version } = dialog.a;
          await assignmentAction.mutateAsync({
            id: assignmentId,
            action: { kind: 'reopen', version, reason },
          });
          done(t('common.done'));
        }}
      />
    </Space>
  );
}

/**
 * A department's pending extension requests on the task: they live on the assignments it may
 * decide them for (in progress), read through the same cached queries as the assignment pages (so deciding one, which
 * invalidates its assignment, refreshes this list).
 */
function usePendingExtensions(open: Assignment[]) {
  return useQueries({
    queries: open.map((a) => queries.assignment(a.id)),
    combine: (results) => ({
      extensions: results.flatMap((r) =>
        (r.data?.extensions ?? [])
          .filter((e) => e.state === 'pending')
          .map((e) => ({ ...e, streetCode: r.data!.streetCode })),
      ),
      error: results.find((r) => r.error)?.error ?? null,
      retry: () => Promise.all(results.filter((r) => r.error).map((r) => r.refetch())),
    }),
  });
}
