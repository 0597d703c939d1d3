import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Spin,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { EnforcementSubject } from '@app/domain/list/matter';
import type { EnforcementMeasure } from '@app/domain/powers/power';
import { powerQueries, useRecordCase, type EnforcementCaseView } from '../../api/powers';
import { RefreshButton } from '../../components/controls';
import { useFormError } from '../../components/errors';
import { KeysetTable } from '../../components/KeysetTable';
import { QueryError } from '../../components/QueryError';
import { useKeyset } from '../../components/useKeyset';
import { useI18n } from '../../i18n';
import { inBeijing } from '../../i18n/beijing';
import { PeriodPicker, PowerReportView, recentPeriods } from './PowerReportView';

const MEASURES: EnforcementMeasure[] = ['persuasion', 'rectification_notice', 'penalty', 'transferred'];

interface FormValues {
  powerCode?: string;
  subject?: EnforcementSubject;
  measure?: EnforcementMeasure;
  amountYuan?: number;
  occurredOn?: Dayjs;
  note?: string;
}

/** Today in Beijing: a case cannot have happened after it. */
const today = () => inBeijing().format('YYYY-MM-DD');

/** Street: record an enforcement case under a power it holds, its cases, and its own statistics. */
export function EnforcementPage() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const catalogue = useQuery(powerQueries.catalogue());
  const record = useRecordCase();
  const formError = useFormError();
  const cases = useKeyset(powerQueries.cases({}));
  const [period, setPeriod] = useState(() => recentPeriods('quarter')[0]);

  const held = (catalogue.data ?? []).filter((p) => p.held);
  const powerCode = Form.useWatch('powerCode', form);
  const measure = Form.useWatch('measure', form);
  const power = held.find((p) => p.code === powerCode);

  const submit = async (v: FormValues) => {
    try {
      await record.mutateAsync({
        powerCode: v.powerCode!,
        subject: v.subject!,
        measure: v.measure!,
        amountYuan: v.measure === 'penalty' ? v.amountYuan : undefined,
        occurredOn: v.occurredOn!.format('YYYY-MM-DD'),
        note: v.note?.trim() || undefined,
      });
      void message.success(t('powers.record.done'));
      form.resetFields();
    } catch (e) {
      formError(form, e, ['powerCode', 'subject', 'measure', 'amountYuan', 'occurredOn', 'note']);
    }
  };

  const required = [{ required: true, message: t('common.required') }];
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card title={t('powers.record.title')}>
        {catalogue.error ? (
          <QueryError error={catalogue.error} onRetry={catalogue.refetch} />
        ) : !catalogue.data ? (
          <Spin />
        ) : held.length === 0 ? (
          <Alert type="info" showIcon message={t('powers.record.noneHeld')} />
        ) : (
          <Form<FormValues>
            form={form}
            layout="vertical"
            style={{ maxWidth: 640 }}
            onFinish={submit}
            initialValues={{ occurredOn: dayjs(today()) }}
            data-testid="case-form"
          >
            <Form.Item
              name="powerCode"
              label={t('powers.record.power')}
              extra={t('powers.record.powerHint')}
              rules={required}
            >
              <Select
                showSearch
                optionFilterProp="label"
                data-testid="case-power"
                onChange={() => form.setFieldValue('subject', undefined)}
                options={held.map((p) => ({ value: p.code, label: `${p.code} ${p.name}` }))}
              />
            </Form.Item>
            <Form.Item name="subject" label={t('powers.record.subject')} rules={required}>
              <Select
                data-testid="case-subject"
                disabled={!power}
                options={(power?.subjects ?? []).map((s) => ({ value: s, label: label('subject', s) }))}
              />
            </Form.Item>
            <Form.Item name="measure" label={t('powers.record.measure')} rules={required}>
              <Select
                data-testid="case-measure"
                options={MEASURES.map((m) => ({ value: m, label: label('measure', m) }))}
              />
            </Form.Item>
            {measure === 'penalty' && (
              <Form.Item name="amountYuan" label={t('powers.record.amount')} rules={required}>
                <InputNumber
                  min={0.01}
                  max={1_000_000}
                  precision={2}
                  style={{ width: 200 }}
                  data-testid="case-amount"
                />
              </Form.Item>
            )}
            <Form.Item name="occurredOn" label={t('powers.record.occurredOn')} rules={required}>
              <DatePicker disabledDate={(d) => d.format('YYYY-MM-DD') > today()} allowClear={false} />
            </Form.Item>
            <Form.Item name="note" label={t('powers.record.note')}>
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={record.isPending} data-testid="case-submit">
              {t('powers.record.submit')}
            </Button>
          </Form>
        )}
      </Card>

      <Card title={t('powers.cases.title')} extra={<RefreshButton onRefresh={cases.reload} />}>
        <KeysetTable<EnforcementCaseView>
          list={cases}
          size="small"
          scroll={{ x: 800 }}
          data-testid="case-list"
          columns={[
            { title: t('powers.record.occurredOn'), dataIndex: 'occurredOn' },
            {
              title: t('powers.record.power'),
              dataIndex: 'powerCode',
              render: (c: string, r) => `${c} ${r.powerName}`,
            },
            {
              title: t('powers.record.subject'),
              dataIndex: 'subject',
              render: (s: string) => label('subject', s),
            },
            {
              title: t('powers.record.measure'),
              dataIndex: 'measure',
              render: (m: string) => label('measure', m),
            },
            {
              title: t('powers.record.amount'),
              dataIndex: 'amountYuan',
              align: 'right',
              render: (v: number | null) => v ?? '—',
            },
            { title: t('powers.record.note'), dataIndex: 'note', render: (v: string | null) => v ?? '' },
          ]}
        />
      </Card>

      <Card title={t('powers.stats.title')} extra={<PeriodPicker value={period} onChange={setPeriod} />}>
        <Typography.Paragraph type="secondary">{t('powers.report.dormantHint')}</Typography.Paragraph>
        <PowerReportView period={period} />
      </Card>
    </Space>
  );
}
