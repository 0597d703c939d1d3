import {
  Alert,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { useState, type ReactNode } from 'react';
import {
  ACTION_TYPES,
  ENFORCEMENT_SUBJECTS,
  PROHIBITED_DEMANDS,
  type ActionType,
  type EnforcementSubject,
  type Matter,
  type ProhibitedDemand,
  type ResubmitTask,
  type TaskSummary,
} from '../api';
import { useI18n } from '../i18n';
import { TextAreaItem, useRequired } from './formItems';
import { MatterSelect } from './MatterSelect';

/** The form values of the routing inputs a department writes, shared by submit and resubmit. */
export interface TaskFieldValues {
  title: string;
  description?: string;
  matterCode?: string | null;
  actionType: ActionType;
  enforcementSubject?: EnforcementSubject | null;
  hasResources?: boolean;
  resources?: { funding?: number | null; staff?: number | null; detail?: string | null };
  temporary?: boolean;
  demands?: ProhibitedDemand[];
  legalBasis?: string;
}

/** API field paths these inputs show errors for (see applyFieldErrors). */
export const TASK_FIELD_PATHS = [
  'title',
  'description',
  'matterCode',
  'actionType',
  'enforcementSubject',
  'resources',
  'resources.funding',
  'resources.staff',
  'resources.detail',
  'temporary',
  'demands',
  'legalBasis',
];

/** The request body part these fields make; empty optional texts are left out. */
export function taskFieldsBody(v: TaskFieldValues): ResubmitTask {
  return {
    title: v.title.trim(),
    description: v.description?.trim() || undefined,
    matterCode: v.matterCode || null,
    actionType: v.actionType,
    enforcementSubject: v.actionType === 'enforcement' ? (v.enforcementSubject ?? null) : null,
    resources: v.hasResources
      ? {
          funding: v.resources?.funding ?? null,
          staff: v.resources?.staff ?? null,
          detail: v.resources?.detail?.trim() || null,
        }
      : null,
    temporary: !!v.temporary,
    demands: v.demands ?? [],
    legalBasis: v.legalBasis?.trim() || null,
  };
}

/**
 * The resubmit body: there an absent or null field keeps its stored value, so what the form
 * emptied is sent as its empty value, which clears it ("" for texts and the matter, {} for resources).
 */
export function resubmitBody(v: TaskFieldValues): ResubmitTask {
  const body = taskFieldsBody(v);
  return {
    ...body,
    description: body.description ?? '',
    matterCode: body.matterCode ?? '',
    enforcementSubject: body.enforcementSubject ?? undefined,
    resources: body.resources ?? {},
    legalBasis: body.legalBasis ?? '',
  };
}

/** Form values from a stored task (resubmitting starts from what was sent). */
export function taskFieldsFrom(task: TaskSummary): TaskFieldValues {
  return {
    title: task.title,
    description: task.description,
    matterCode: task.matterCode,
    actionType: task.actionType,
    enforcementSubject: task.enforcementSubject,
    hasResources: !!task.resources,
    resources: task.resources ?? undefined,
    temporary: task.temporary,
    demands: task.demands,
    legalBasis: task.legalBasis ?? undefined,
  };
}

/** A short card about the chosen matter: what the list says the street owes. */
function MatterHint({ code, matter }: { code: string | null | undefined; matter: Matter | null }) {
  const { t, label } = useI18n();
  if (!code) return <Typography.Text type="secondary">{t('task.matter.offList')}</Typography.Text>;
  if (matter?.code !== code) return null;
  return (
    <Space direction="vertical" size={0}>
      <span>
        <Tag color="blue">{label('mode', matter.mode)}</Tag>
        <Tag>{label('power', matter.streetEnforcementPower)}</Tag>
        <Typography.Text type="secondary">
          {t('task.matter.principal', { dept: matter.principalDept })}
        </Typography.Text>
      </span>
      {matter.streetSupportingDuties.length > 0 && (
        <Typography.Text type="secondary">
          {t('task.matter.streetDuties', { duties: matter.streetSupportingDuties.join(';') })}
        </Typography.Text>
      )}
    </Space>
  );
}

/**
 * Title, text, matter, action type and the other routing inputs of POST /api/tasks; `addressing`
 * (streets and deadline, when submitting) goes right after the text.
 */
export function TaskFields({ addressing }: { addressing?: ReactNode }) {
  const { t, label } = useI18n();
  const required = useRequired();
  const [matter, setMatter] = useState<Matter | null>(null);
  const form = Form.useFormInstance();
  const actionType = Form.useWatch('actionType', form) as ActionType | undefined;
  const hasResources = Form.useWatch('hasResources', form) as boolean | undefined;
  const matterCode = Form.useWatch('matterCode', form) as string | null | undefined;

  return (
    <>
      <Form.Item name="title" label={t('task.title')} rules={required}>
        <Input maxLength={200} showCount />
      </Form.Item>
      <TextAreaItem name="description" label={t('task.description')} rows={4} maxLength={10000} optional />
      {addressing}
      <Form.Item
        name="matterCode"
        label={t('task.matter')}
        extra={<MatterHint code={matterCode} matter={matter} />}
      >
        <MatterSelect onChange={(_, m) => setMatter(m)} />
      </Form.Item>
      <Form.Item name="actionType" label={t('task.actionType')} rules={required}>
        <Select options={ACTION_TYPES.map((a) => ({ value: a, label: label('action', a) }))} />
      </Form.Item>
      {actionType === 'enforcement' && (
        <Form.Item name="enforcementSubject" label={t('task.enforcementSubject')}>
          <Radio.Group
            options={ENFORCEMENT_SUBJECTS.map((s) => ({ value: s, label: label('subject', s) }))}
          />
        </Form.Item>
      )}
      <Form.Item name="hasResources" valuePropName="checked">
        <Checkbox>{t('task.hasResources')}</Checkbox>
      </Form.Item>
      {hasResources && (
        <Space wrap align="start">
          <Form.Item name={['resources', 'funding']} label={t('task.funding')}>
            <InputNumber min={0} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name={['resources', 'staff']} label={t('task.staff')}>
            <InputNumber min={0} precision={0} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name={['resources', 'detail']} label={t('task.resourceDetail')}>
            <Input maxLength={2000} style={{ width: 320 }} />
          </Form.Item>
        </Space>
      )}
      <Form.Item name="temporary" label={t('task.temporary')} valuePropName="checked">
        <Switch />
      </Form.Item>
      <Form.Item name="demands" label={t('task.demands')}>
        <Checkbox.Group options={PROHIBITED_DEMANDS.map((d) => ({ value: d, label: label('demand', d) }))} />
      </Form.Item>
      <Alert type="info" showIcon message={t('task.demands.hint')} style={{ marginBottom: 24 }} />
      <TextAreaItem name="legalBasis" label={t('task.legalBasis')} rows={2} optional />
    </>
  );
}
