import {
  App,
  Button,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  List,
  Select,
  Space,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { JOINT_MEASURES, type Assignment, type JointAction, type JointMeasure } from '../../api';
import { coordinationQueries, useJointAction, type JointAction as JointChange } from '../../api/coordination';
import { ActionModal, TextModal } from '../../components/ActionModal';
import { EscalationSteps } from '../../components/DeadlinesView';
import { TextAreaItem, useRequired } from '../../components/formItems';
import { keysetEmptyText, keysetFooter } from '../../components/KeysetTable';
import { useKeyset } from '../../components/useKeyset';
import { useI18n } from '../../i18n';
import { useOrgs } from '../../shell/orgs';
import { useSession } from '../../shell/session';
import { JointStateTag } from '../summons/tags';

type Dialog = { kind: 'schedule' } | { kind: 'reschedule' | 'outcome'; id: string } | null;

/** One joint action as both sides see it: when, where, the plan, the street's answer and the outcome. */
export function JointActionFacts({ j }: { j: JointAction }) {
  const { t, label, time } = useI18n();
  const orgs = useOrgs();
  return (
    <Descriptions size="small" column={{ xs: 1, md: 2 }}>
      <Descriptions.Item label={t('joint.scheduledAt')}>{time(j.scheduledAt)}</Descriptions.Item>
      <Descriptions.Item label={t('joint.place')}>{j.place}</Descriptions.Item>
      <Descriptions.Item label={t('joint.lead')}>{orgs.name(j.leadDepartmentCode)}</Descriptions.Item>
      <Descriptions.Item label={t('joint.street')}>{orgs.name(j.streetCode)}</Descriptions.Item>
      <Descriptions.Item label={t('joint.plan')} span={2}>
        <span style={{ whiteSpace: 'pre-wrap' }}>{j.plan}</span>
      </Descriptions.Item>
      {j.confirmReason && (
        <Descriptions.Item label={t('joint.confirmReason')} span={2}>
          {j.confirmReason}
        </Descriptions.Item>
      )}
      {j.state === 'completed' && (
        <>
          <Descriptions.Item label={t('joint.casesOpened')}>{j.casesOpened}</Descriptions.Item>
          <Descriptions.Item label={t('joint.measures')}>
            {(j.measures ?? []).map((m) => label('measure', m)).join('、') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('joint.outcomeNote')} span={2}>
            {j.outcomeNote}
          </Descriptions.Item>
        </>
      )}
      <Descriptions.Item label={t('joint.deadlines')} span={2}>
        <Space direction="vertical" size={2}>
          {j.deadlines.map((d) => (
            <Space key={d.kind} size={4} wrap>
              <Typography.Text>{label('deadlineKind', d.kind)}</Typography.Text>
              <Typography.Text type="secondary">
                {label('deadlineState', d.state)} · {time(d.dueAt)}
              </Typography.Text>
              <EscalationSteps steps={d.steps} />
            </Space>
          ))}
        </Space>
      </Descriptions.Item>
    </Descriptions>
  );
}

/**
 * The joint actions of a `joint` assignment, on its page: the lead department schedules one and
 * records the outcome after it took place; the street confirms attendance or asks to reschedule.
 */
export function JointActionsCard({ assignment }: { assignment: Assignment }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const { user, role } = useSession();
  const required = useRequired();
  const list = useKeyset(coordinationQueries.jointActions({ assignmentId: assignment.id }));
  const change = useJointAction();
  const [dialog, setDialog] = useState<Dialog>(null);
  const isLead = role === 'department' && assignment.submitterCode === user?.org.code;
  const isStreet = role === 'street' && assignment.streetCode === user?.org.code;
  const live = list.items.some((j) => j.state === 'scheduled' || j.state === 'confirmed');
  const active = ['awaiting_signoff', 'in_progress'].includes(assignment.state);

  const apply = async (c: JointChange) => {
    await change.mutateAsync(c);
    setDialog(null);
    void message.success(t('common.done'));
  };

  return (
    <>
      <List<JointAction>
        header={
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <Typography.Text strong>{t('joint.title')}</Typography.Text>
            {isLead && active && !live && (
              <Button
                type="primary"
                size="small"
                onClick={() => setDialog({ kind: 'schedule' })}
                data-testid="joint-schedule"
              >
                {t('joint.schedule')}
              </Button>
            )}
          </Space>
        }
        bordered
        loading={list.loading}
        dataSource={list.items}
        locale={{ emptyText: keysetEmptyText(list) ?? t('joint.none') }}
        footer={keysetFooter(list)}
        data-testid="joint-actions"
        renderItem={(j) => {
          const past = dayjs(j.scheduledAt).isBefore(dayjs());
          return (
            <List.Item
              actions={[
                ...(isStreet && j.state === 'scheduled'
                  ? [
                      <Button
                        key="attend"
                        type="primary"
                        size="small"
                        loading={change.isPending}
                        onClick={() => void apply({ kind: 'confirm', id: j.id, body: { attending: true } })}
                        data-testid="joint-attend"
                      >
                        {t('joint.attend')}
                      </Button>,
                      <Button
                        key="move"
                        size="small"
                        onClick={() => setDialog({ kind: 'reschedule', id: j.id })}
                      >
                        {t('joint.reschedule')}
                      </Button>,
                    ]
                  : []),
                ...(isLead && (j.state === 'scheduled' || j.state === 'confirmed')
                  ? [
                      <Button
                        key="outcome"
                        size="small"
                        disabled={!past}
                        title={past ? undefined : t('joint.notYet')}
                        onClick={() => setDialog({ kind: 'outcome', id: j.id })}
                        data-testid="joint-outcome"
                      >
                        {t('joint.outcome')}
                      </Button>,
                    ]
                  : []),
              ]}
            >
              <Space direction="vertical" style={{ width: '100%' }}>
                <JointStateTag state={j.state} />
                <JointActionFacts j={j} />
              </Space>
            </List.Item>
          );
        }}
      />

      <ActionModal<{ scheduledAt: Dayjs; place: string; plan: string }>
        open={dialog?.kind === 'schedule'}
        title={t('joint.schedule')}
        fields={['scheduledAt', 'place', 'plan']}
        onCancel={() => setDialog(null)}
        onConflict={list.reload}
        onSubmit={(v) =>
          apply({
            kind: 'schedule',
            assignmentId: assignment.id,
            body: { scheduledAt: v.scheduledAt.toISOString(), place: v.place, plan: v.plan },
          })
        }
      >
        <Form.Item name="scheduledAt" label={t('joint.scheduledAt')} rules={required}>
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            disabledDate={(d) => d.isBefore(dayjs(), 'day')}
          />
        </Form.Item>
        <Form.Item name="place" label={t('joint.place')} rules={required}>
          <Input maxLength={200} />
        </Form.Item>
        <TextAreaItem name="plan" label={t('joint.plan')} rows={4} maxLength={5000} />
      </ActionModal>

      <TextModal
        open={dialog?.kind === 'reschedule'}
        title={t('joint.reschedule')}
        name="reason"
        label={t('joint.rescheduleReason')}
        onCancel={() => setDialog(null)}
        onConflict={list.reload}
        onSubmit={(reason) =>
          dialog?.kind === 'reschedule'
            ? apply({ kind: 'confirm', id: dialog.id, body: { attending: false, reason } })
            : Promise.resolve()
        }
      />

      <ActionModal<{ casesOpened: number; measures: JointMeasure[]; note: string }>
        open={dialog?.kind === 'outcome'}
        title={t('joint.outcome')}
        fields={['casesOpened', 'measures', 'note']}
        initialValues={{ casesOpened: 0, measures: [] }}
        onCancel={() => setDialog(null)}
        onConflict={list.reload}
        onSubmit={(v) =>
          dialog?.kind === 'outcome'
            ? apply({ kind: 'outcome', id: dialog.id, body: { ...v, measures: v.measures ?? [] } })
            : Promise.resolve()
        }
      >
        <Form.Item name="casesOpened" label={t('joint.casesOpened')} rules={required}>
          <InputNumber min={0} max={10_000} precision={0} />
        </Form.Item>
        <Form.Item name="measures" label={t('joint.measures')}>
          <Select
            mode="multiple"
            options={JOINT_MEASURES.map((m) => ({ value: m, label: label('measure', m) }))}
          />
        </Form.Item>
        <TextAreaItem name="note" label={t('joint.outcomeNote')} rows={4} maxLength={5000} />
      </ActionModal>
    </>
  );
}
