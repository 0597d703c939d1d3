import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  InputNumber,
  List,
  Result,
  Row,
  Select,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError, DISPUTE_REASONS, type DisputeReason, type Extension } from '../../api';
import { useAssignmentAction, type AssignmentAction } from '../../api/mutations';
import { queries } from '../../api/queries';
import { ActionModal, RatingModal, TextModal } from '../../components/ActionModal';
import { Confirm, RefreshButton } from '../../components/controls';
import { DeadlinesView } from '../../components/DeadlinesView';
import { DecisionView } from '../../components/DecisionView';
import { useShowError } from '../../components/errors';
import { CompletionReport, useExtensionDecision } from '../../components/confirmations';
import { TextAreaItem, useRequired } from '../../components/formItems';
import { MatterSelect } from '../../components/MatterSelect';
import { QueryError } from '../../components/QueryError';
import { OverdueTag, RoleTag, StateTag, UrgentTag } from '../../components/tags';
import { useTaskFacts } from '../../components/TaskFacts';
import { TimelineView } from '../../components/TimelineView';
import { useI18n } from '../../i18n';
import { useOrgs } from '../../shell/orgs';
import { usePermissions } from '../../shell/permissions';
import { useSession } from '../../shell/session';
import { JointActionsCard } from '../joint-actions/JointActionsCard';

type DialogKind =
  'dispute' | 'progress' | 'complete' | 'extension' | 'confirm' | 'reopen' | 'withdraw' | null;

const EXT_COLOR: Record<Extension['state'], string> = { pending: 'gold', approved: 'green', rejected: 'red' };

/**
 * One assignment: the task's text, the decision (stripped demands shown as not binding),
 * deadlines with their escalation steps, the timeline, and the transitions the user may take
 * (the domain's transition table decides which: shell/permissions).
 * Every transition sends the version the page shows; a 409 reloads it. The API's answer to a
 * transition replaces the cached assignment; the lists it appears on refresh (api/mutations).
 */
export function AssignmentDetailPage() {
  const { id = '' } = useParams();
  const { t, label, time } = useI18n();
  const { message } = App.useApp();
  const { role } = useSession();
  const orgs = useOrgs();
  const { allowed } = usePermissions();
  const showError = useShowError();
  const required = useRequired();
  const facts = useTaskFacts();
  const { data: a, error, refetch: load } = useQuery(queries.assignment(id));
  const transition = useAssignmentAction();
  const extensionDecision = useExtensionDecision();
  const [dialog, setDialog] = useState<DialogKind>(null);

  if (error instanceof ApiError && error.status === 404)
    return <Result status="404" title="404" subTitle={t('common.notFound')} />;
  if (!a && error) return <QueryError error={error} onRetry={load} />;
  if (!a) return <Spin />;

  const may = new Set(allowed(a));
  /** Sends a transition; the cache takes the API's answer, which the page then shows. */
  const apply = async (action: AssignmentAction, text: string) => {
    await transition.mutateAsync({ id: a.id, action });
    setDialog(null);
    void message.success(text);
  };

  const sign = () =>
    apply({ kind: 'sign', version: a.version }, t('assignment.signed')).catch((e: unknown) =>
      showError(e, load),
    );

  const actions = (
    <Space wrap>
      <RefreshButton icon onRefresh={load} />
      {may.has('sign') && (
        <Confirm title={t('assignment.signConfirm')} onConfirm={sign}>
          <Button
            type="primary"
            loading={transition.isPending && transition.variables.action.kind === 'sign'}
            data-testid="sign"
          >
            {t('assignment.sign')}
          </Button>
        </Confirm>
      )}
      {may.has('dispute') && (
        <Button danger onClick={() => setDialog('dispute')} data-testid="dispute">
          {t('assignment.dispute')}
        </Button>
      )}
      {may.has('progress') && (
        <Button onClick={() => setDialog('progress')}>{t('assignment.progress')}</Button>
      )}
      {may.has('complete') && (
        <Button type="primary" onClick={() => setDialog('complete')}>
          {t('assignment.complete')}
        </Button>
      )}
      {may.has('request_extension') && (
        <Button onClick={() => setDialog('extension')}>{t('assignment.requestExtension')}</Button>
      )}
      {may.has('confirm') && (
        <Button type="primary" onClick={() => setDialog('confirm')}>
          {t('taskDetail.confirm')}
        </Button>
      )}
      {may.has('reopen') && <Button onClick={() => setDialog('reopen')}>{t('taskDetail.reopen')}</Button>}
      {role === 'street' && (
        <Link to={`/summons/new?assignmentId=${a.id}`}>
          <Button data-testid="summon-from-assignment">{t('summons.fromAssignment')}</Button>
        </Link>
      )}
      {may.has('withdraw') && (
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
            {a.urgent && <UrgentTag />}
          </Space>
        }
        extra={actions}
      >
        {/* A failed refetch (the data shown is from before): say so, with a retry. */}
        {error && <QueryError error={error} onRetry={load} style={{ marginBottom: 12 }} />}
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={t('assignment.street')}>{orgs.name(a.streetCode)}</Descriptions.Item>
          <Descriptions.Item label={t('task.submitter')}>
            {role === 'street' ? (
              orgs.name(a.task.submitter.code)
            ) : (
              <Link to={`/tasks/${a.taskId}`}>{orgs.name(a.task.submitter.code)}</Link>
            )}
          </Descriptions.Item>
          {facts.routing(a.task, a)}
          <Descriptions.Item label={t('assignment.signDueAt')}>{time(a.signDueAt)}</Descriptions.Item>
          <Descriptions.Item label={t('assignment.dueAt')}>{time(a.dueAt)}</Descriptions.Item>
          {facts.legalBasis(a.task)}
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
            {a.role === 'joint' && <JointActionsCard assignment={a} />}
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
                        may.has('decide_extension') && e.state === 'pending'
                          ? extensionDecision.actions(e)
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
        onSubmit={(v) =>
          apply(
            {
              kind: 'dispute',
              version: a.version,
              reasonCode: v.reasonCode,
              citedMatterCode: v.citedMatterCode || undefined,
              reason: v.reason,
            },
            t('assignment.disputed'),
          )
        }
      >
        <Form.Item name="reasonCode" label={t('assignment.disputeReason')} rules={required}>
          <Select options={DISPUTE_REASONS.map((r) => ({ value: r, label: label('disputeReason', r) }))} />
        </Form.Item>
        <Form.Item name="citedMatterCode" label={t('assignment.citedMatter')}>
          <MatterSelect />
        </Form.Item>
        <TextAreaItem name="reason" label={t('assignment.disputeText')} />
      </ActionModal>

      <TextModal
        open={dialog === 'progress'}
        title={t('assignment.progress')}
        name="note"
        label={t('assignment.progressNote')}
        onCancel={() => setDialog(null)}
        onConflict={load}
        onSubmit={(note) => apply({ kind: 'progress', note }, t('common.done'))}
      />

      <TextModal
        open={dialog === 'complete'}
        title={t('assignment.complete')}
        name="result"
        label={t('assignment.result')}
        rows={4}
        maxLength={5000}
        onCancel={() => setDialog(null)}
        onConflict={load}
        onSubmit={(result) => apply({ kind: 'complete', version: a.version, result }, t('common.done'))}
      />

      <ActionModal<{ workingDays: number; reason: string }>
        open={dialog === 'extension'}
        title={t('assignment.requestExtension')}
        fields={['workingDays', 'reason']}
        initialValues={{ workingDays: 5 }}
        onCancel={() => setDialog(null)}
        onConflict={load}
        onSubmit={(v) =>
          apply({ kind: 'extension', workingDays: v.workingDays, reason: v.reason }, t('common.done'))
        }
      >
        <Form.Item name="workingDays" label={t('assignment.workingDays')} rules={required}>
          <InputNumber min={1} max={60} precision={0} />
        </Form.Item>
        <TextAreaItem name="reason" label={t('common.reason')} />
      </ActionModal>

      {extensionDecision.modal}

      <RatingModal
        open={dialog === 'confirm'}
        before={<CompletionReport assignmentId={a.id} />}
        title={t('taskDetail.confirm')}
        onCancel={() => setDialog(null)}
        onConflict={load}
        onSubmit={(v) =>
          apply(
            { kind: 'confirm', version: a.version, rating: v.rating, comment: v.comment || undefined },
            t('common.done'),
          )
        }
      />

      <TextModal
        open={dialog === 'reopen' || dialog === 'withdraw'}
        title={t(dialog === 'withdraw' ? 'assignment.withdraw' : 'taskDetail.reopen')}
        name="reason"
        label={t('common.reason')}
        onCancel={() => setDialog(null)}
        onConflict={load}
        onSubmit={(reason) =>
          apply(
            { kind: dialog === 'withdraw' ? 'withdraw' : 'reopen', version: a.version, reason },
            t('common.done'),
          )
        }
      />
    </Space>
  );
}
