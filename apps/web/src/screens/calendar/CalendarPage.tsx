import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Radio, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { ApiError, type CalendarOverride, type ErrorDetail } from '../../api';
import { usePutCalendarOverrides } from '../../api/mutations';
import { queries } from '../../api/queries';
import { AuditHistory } from '../../components/AuditHistory';
import { Confirm } from '../../components/controls';
import { useFormError, useShowError } from '../../components/errors';
import { SubmitItem, useRequired } from '../../components/formItems';
import { QueryError } from '../../components/QueryError';
import { useI18n } from '../../i18n';
import { CalendarMonth } from './CalendarMonth';

interface Values {
  date: Dayjs;
  workday: boolean;
  note: string;
}

/** Admin: local working-day overrides on top of the national holiday schedule. */
export function CalendarPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const formError = useFormError();
  const required = useRequired();
  const [form] = Form.useForm<Values>();
  const { data: rows, isFetching, error, refetch } = useQuery(queries.calendarOverrides());
  // The API answers with every override: the table shows the answer (api/mutations).
  const put = usePutCalendarOverrides();
  /** The day whose audit trail is open (who set or removed its override, and when). */
  const [historyOf, setHistoryOf] = useState<string | null>(null);

  const save = async (v: Values) => {
    try {
      await put.mutateAsync({
        overrides: [{ date: v.date.format('YYYY-MM-DD'), workday: v.workday, note: v.note.trim() }],
      });
      form.resetFields();
      void message.success(t('calendar.saved'));
    } catch (e) {
      // The API names the fields of the one override sent: overrides[0].date.
      const unprefixed = (d: ErrorDetail) => ({ ...d, field: d.field?.replace(/^overrides\[0\]\./, '') });
      formError(
        form,
        e instanceof ApiError && e.status === 400
          ? new ApiError(400, e.code, e.message, e.details.map(unprefixed))
          : e,
        ['date', 'workday', 'note'],
      );
    }
  };

  const remove = async (date: string) => {
    try {
      await put.mutateAsync({ overrides: [], remove: [date] });
      void message.success(t('calendar.saved'));
    } catch (e) {
      showError(e);
    }
  };

  return (
    <Card title={t('calendar.title')}>
      <Alert type="info" showIcon message={t('calendar.hint')} style={{ marginBottom: 16 }} />
      <CalendarMonth overrides={rows ?? []} onPick={(d) => form.setFieldsValue({ date: d })} />
      <Form<Values>
        form={form}
        layout="inline"
        onFinish={save}
        initialValues={{ workday: false }}
        style={{ rowGap: 12, marginBottom: 16 }}
      >
        <Form.Item name="date" label={t('calendar.date')} rules={required}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="workday" label={t('calendar.type')}>
          <Radio.Group
            options={[
              { value: true, label: t('calendar.workday') },
              { value: false, label: t('calendar.holiday') },
            ]}
          />
        </Form.Item>
        <Form.Item name="note" label={t('calendar.note')} rules={required}>
          <Input maxLength={200} style={{ width: 260 }} />
        </Form.Item>
        <SubmitItem loading={put.isPending}>{t('calendar.add')}</SubmitItem>
      </Form>
      {error && <QueryError error={error} onRetry={refetch} style={{ marginBottom: 16 }} />}
      <Table<CalendarOverride>
        rowKey="date"
        size="small"
        loading={isFetching}
        dataSource={rows}
        locale={error ? { emptyText: t('common.loadFailed') } : undefined}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('calendar.date'), dataIndex: 'date' },
          {
            title: t('calendar.type'),
            dataIndex: 'workday',
            render: (w: boolean) => (
              <Tag color={w ? 'blue' : 'green'}>{t(w ? 'calendar.workday' : 'calendar.holiday')}</Tag>
            ),
          },
          { title: t('calendar.note'), dataIndex: 'note' },
          {
            title: t('common.actions'),
            render: (_, r) => (
              <Space>
                <Button size="small" onClick={() => setHistoryOf(r.date)}>
                  {t('calendar.history')}
                </Button>
                <Confirm title={`${t('calendar.remove')} ${r.date}?`} onConfirm={() => remove(r.date)}>
                  <Button size="small" danger>
                    {t('calendar.remove')}
                  </Button>
                </Confirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={historyOf !== null}
        title={historyOf ? t('calendar.historyOf', { date: historyOf }) : ''}
        footer={null}
        onCancel={() => setHistoryOf(null)}
        destroyOnHidden
      >
        {historyOf && (
          <AuditHistory
            options={queries.calendarOverrideHistory(historyOf)}
            empty={t('calendar.historyEmpty')}
          />
        )}
      </Modal>
    </Card>
  );
}
