import { Alert, App, Button, Card, DatePicker, Form, InputNumber, Radio, Select, Space, Switch } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError, newIdempotencyKey, type ErrorDetail, type SubmitTask } from '../../api';
import { useSubmitTask } from '../../api/mutations';
import { applyFieldErrors } from '../../components/errors';
import {
  TASK_FIELD_PATHS,
  TaskFields,
  taskFieldsBody,
  type TaskFieldValues,
} from '../../components/TaskFields';
import { useI18n } from '../../i18n';
import { useOrgs } from '../../shell/orgs';

interface Values extends TaskFieldValues {
  target: 'streets' | 'districts';
  streetCodes?: string[];
  districtCodes?: string[];
  deadlineMode: 'workingDays' | 'dueAt';
  deadlineWorkingDays?: number;
  dueAt?: Dayjs;
  urgent?: boolean;
}

const FIELD_PATHS = [
  ...TASK_FIELD_PATHS,
  'streetCodes',
  'districtCodes',
  'deadlineWorkingDays',
  'dueAt',
  'urgent',
];

/** Department: submit a task to streets or whole districts (POST /api/tasks). */
export function SubmitTaskPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const orgs = useOrgs();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const submit = useSubmitTask();
  const [otherErrors, setOtherErrors] = useState<ErrorDetail[]>([]);
  // One key per draft: a retried request after a lost answer gets the same task back.
  const idempotencyKey = useRef(newIdempotencyKey());
  const target = Form.useWatch('target', form);
  const deadlineMode = Form.useWatch('deadlineMode', form);

  const streetOptions = useMemo(
    () =>
      orgs.districts.map((d) => ({
        label: `${d.name} (${d.code})`,
        options: orgs.streets
          .filter((s) => s.districtCode === d.code)
          .map((s) => ({ value: s.code, label: orgs.name(s.code) })),
      })),
    [orgs],
  );

  const onFinish = async (v: Values) => {
    const body: SubmitTask = {
      ...(taskFieldsBody(v) as SubmitTask),
      ...(v.target === 'districts'
        ? { districtCodes: v.districtCodes ?? [] }
        : { streetCodes: v.streetCodes ?? [] }),
      ...(v.deadlineMode === 'dueAt'
        ? { dueAt: v.dueAt?.format('YYYY-MM-DDTHH:mm:ssZ') }
        : { deadlineWorkingDays: v.deadlineWorkingDays }),
      urgent: !!v.urgent,
    };
    setOtherErrors([]);
    try {
      const r = await submit.mutateAsync({ body, idempotencyKey: idempotencyKey.current });
      idempotencyKey.current = newIdempotencyKey();
      void message.success(t('task.submitted'));
      navigate(`/tasks/${r.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) {
        // "No street" is reported on streetCodes; show it on whichever target is chosen.
        const details = e.details.map((d) =>
          v.target === 'districts' && d.field === 'streetCodes' ? { ...d, field: 'districtCodes' } : d,
        );
        setOtherErrors(applyFieldErrors(form, details, FIELD_PATHS, v as unknown as Record<string, unknown>));
        void message.error(t('common.fixFields'));
      } else if (e instanceof ApiError) {
        setOtherErrors([{ message: e.message }]);
      } else throw e;
    }
  };

  return (
    <Card title={t('menu.submitTask')}>
      <Form<Values>
        form={form}
        layout="vertical"
        style={{ maxWidth: 820 }}
        initialValues={{
          target: 'streets',
          deadlineMode: 'workingDays',
          deadlineWorkingDays: 10,
          demands: [],
        }}
        onFinish={onFinish}
        scrollToFirstError
        data-testid="submit-task-form"
      >
        <TaskFields
          addressing={
            <>
              <Form.Item name="target" label={t('task.target')}>
                <Radio.Group
                  options={[
                    { value: 'streets', label: t('task.target.streets') },
                    { value: 'districts', label: t('task.target.districts') },
                  ]}
                />
              </Form.Item>
              {target === 'districts' ? (
                <Form.Item name="districtCodes" label={t('task.districts')}>
                  <Select
                    mode="multiple"
                    options={orgs.districts.map((d) => ({ value: d.code, label: `${d.name} (${d.code})` }))}
                  />
                </Form.Item>
              ) : (
                <Form.Item name="streetCodes" label={t('task.streets')}>
                  <Select mode="multiple" showSearch optionFilterProp="label" options={streetOptions} />
                </Form.Item>
              )}
              <Space size="large" wrap align="start">
                <Form.Item name="deadlineMode" label={t('task.deadline')}>
                  <Radio.Group
                    options={[
                      { value: 'workingDays', label: t('task.deadline.workingDays') },
                      { value: 'dueAt', label: t('task.deadline.dueAt') },
                    ]}
                  />
                </Form.Item>
                {deadlineMode === 'dueAt' ? (
                  <Form.Item name="dueAt" label={t('task.deadline.dueAt')}>
                    <DatePicker showTime format="YYYY-MM-DD HH:mm" />
                  </Form.Item>
                ) : (
                  <Form.Item name="deadlineWorkingDays" label={t('task.deadlineWorkingDays')}>
                    <InputNumber min={1} max={750} precision={0} />
                  </Form.Item>
                )}
                <Form.Item name="urgent" label={t('task.urgent')} valuePropName="checked">
                  <Switch />
                </Form.Item>
              </Space>
            </>
          }
        />
        {otherErrors.length > 0 && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            message={otherErrors.map((d) => (d.field ? `${d.field}: ` : '') + d.message).join('; ')}
          />
        )}
        <Space>
          <Button type="primary" htmlType="submit" loading={submit.isPending} data-testid="submit-task">
            {t('task.submit')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
