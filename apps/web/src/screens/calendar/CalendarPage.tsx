import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Popconfirm,
  Radio,
  Space,
  Table,
  Tag,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, type CalendarOverride } from '../../api';
import { applyFieldErrors, useShowError } from '../../components/errors';
import { useI18n } from '../../i18n';

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
  const [form] = Form.useForm<Values>();
  const [rows, setRows] = useState<CalendarOverride[]>([]);
  const [loading, setLoading] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setRows(await api.calendarOverrides());
    } catch (e) {
      showError(e);
    } finally {
      setLoading(false);
    }
  }, [showError]);

  useEffect(() => {
    void load();
  }, [load]);

  const save = async (v: Values) => {
    try {
      setRows(
        await api.putCalendarOverrides([
          { date: v.date.format('YYYY-MM-DD'), workday: v.workday, note: v.note.trim() },
        ]),
      );
      form.resetFields();
      void message.success(t('calendar.saved'));
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) {
        const details = e.details.map((d) => ({ ...d, field: d.field?.replace(/^overrides\[0\]\./, '') }));
        const rest = applyFieldErrors(form, details, ['date', 'workday', 'note']);
        if (rest.length) showError(new ApiError(400, e.code, e.message, rest));
      } else showError(e);
    }
  };

  const remove = async (date: string) => {
    try {
      setRows(await api.putCalendarOverrides([], [date]));
      void message.success(t('calendar.saved'));
    } catch (e) {
      showError(e);
    }
  };

  return (
    <Card title={t('calendar.title')}>
      <Alert type="info" showIcon message={t('calendar.hint')} style={{ marginBottom: 16 }} />
      <Form<Values>
        form={form}
        layout="inline"
        onFinish={save}
        initialValues={{ workday: false }}
        style={{ rowGap: 12, marginBottom: 16 }}
      >
        <Form.Item
          name="date"
          label={t('calendar.date')}
          rules={[{ required: true, message: t('common.required') }]}
        >
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
        <Form.Item
          name="note"
          label={t('calendar.note')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input maxLength={200} style={{ width: 260 }} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit">
            {t('calendar.add')}
          </Button>
        </Form.Item>
      </Form>
      <Table<CalendarOverride>
        rowKey="date"
        size="small"
        loading={loading}
        dataSource={rows}
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
                <Popconfirm
                  title={`${t('calendar.remove')} ${r.date}?`}
                  onConfirm={() => remove(r.date)}
                  okText={t('common.confirm')}
                  cancelText={t('common.cancel')}
                >
                  <Button size="small" danger>
                    {t('calendar.remove')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
