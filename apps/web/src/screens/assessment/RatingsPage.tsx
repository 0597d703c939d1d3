import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Rate, Segmented, Select, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { assessmentQueries, useAssessmentMutations, type DispatchedUnitRating } from '../../api/assessment';
import { useFormError } from '../../components/errors';
import { QueryError } from '../../components/QueryError';
import { useI18n } from '../../i18n';
import { useOrgs } from '../../shell/orgs';
import { recentPeriods } from './periods';

interface Values {
  period: string;
  departmentCode: string;
  score: number;
  comment?: string;
}

/** A street rates departments' dispatched units (派驻力量) per period; a rating can be changed until the period is published. */
export function RatingsPage() {
  const { t, time } = useI18n();
  const { message } = App.useApp();
  const orgs = useOrgs();
  const formError = useFormError();
  const [form] = Form.useForm<Values>();
  const [periodKind, setPeriodKind] = useState<'month' | 'quarter'>('month');
  const periods = useMemo(() => recentPeriods(periodKind, new Date()), [periodKind]);
  const mine = useQuery(assessmentQueries.ratings());
  const { rate } = useAssessmentMutations();
  const departments = orgs.orgs.filter((o) => o.kind === 'department');

  // Picking a department and period already rated fills in the rating given.
  const prefill = () => {
    const { period, departmentCode } = form.getFieldsValue();
    const r = mine.data?.find((x) => x.period === period && x.departmentCode === departmentCode);
    if (r) form.setFieldsValue({ score: r.score, comment: r.comment ?? undefined });
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card title={t('ratings.title')}>
        <Typography.Paragraph type="secondary">{t('ratings.hint')}</Typography.Paragraph>
        <Form<Values>
          form={form}
          layout="vertical"
          style={{ maxWidth: 560 }}
          initialValues={{ period: periods[0], score: 4 }}
          onValuesChange={(changed) => ('period' in changed || 'departmentCode' in changed) && prefill()}
          onFinish={(v) =>
            rate.mutate(
              { ...v, comment: v.comment?.trim() || undefined },
              {
                onSuccess: () => void message.success(t('ratings.saved')),
                onError: (e) =>
                  formError(form, e, ['period', 'departmentCode', 'score', 'comment'], { ...v }),
              },
            )
          }
        >
          <Form.Item label={t('assessment.period')} required>
            <Space>
              <Segmented
                value={periodKind}
                onChange={(v) => {
                  setPeriodKind(v as 'month' | 'quarter');
                  form.setFieldValue('period', recentPeriods(v as 'month' | 'quarter', new Date())[0]);
                }}
                options={[
                  { value: 'month', label: t('assessment.month') },
                  { value: 'quarter', label: t('assessment.quarter') },
                ]}
              />
              <Form.Item name="period" noStyle rules={[{ required: true, message: t('common.required') }]}>
                <Select style={{ width: 140 }} options={periods.map((p) => ({ value: p, label: p }))} />
              </Form.Item>
            </Space>
          </Form.Item>
          <Form.Item
            name="departmentCode"
            label={t('ratings.department')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Select
              showSearch
              optionFilterProp="label"
              options={departments.map((d) => ({ value: d.code, label: orgs.name(d.code) }))}
            />
          </Form.Item>
          <Form.Item
            name="score"
            label={t('ratings.score')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Rate count={5} />
          </Form.Item>
          <Form.Item name="comment" label={t('ratings.comment')}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={rate.isPending}>
            {t('ratings.save')}
          </Button>
        </Form>
      </Card>
      <Card title={t('ratings.mine')}>
        {mine.error ? (
          <QueryError error={mine.error} onRetry={mine.refetch} />
        ) : (
          <Table<DispatchedUnitRating>
            size="small"
            loading={mine.isLoading}
            rowKey={(r) => `${r.period}/${r.departmentCode}`}
            dataSource={mine.data ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              { title: t('assessment.period'), dataIndex: 'period' },
              {
                title: t('ratings.department'),
                dataIndex: 'departmentCode',
                render: (c: string) => orgs.name(c),
              },
              {
                title: t('ratings.score'),
                dataIndex: 'score',
                render: (s: number) => <Rate disabled value={s} />,
              },
              { title: t('ratings.comment'), dataIndex: 'comment', render: (c: string | null) => c ?? '—' },
              { title: t('ratings.updatedAt'), dataIndex: 'updatedAt', render: (v: string) => time(v) },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}
