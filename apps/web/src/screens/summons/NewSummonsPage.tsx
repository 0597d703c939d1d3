import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Select, Space, Switch, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { MAX_SUMMONED_DEPARTMENTS, type SummonsBody } from '../../api';
import { useCreateSummons } from '../../api/coordination';
import { queries } from '../../api/queries';
import { useFormError } from '../../components/errors';
import { TextAreaItem, useRequired } from '../../components/formItems';
import { useI18n } from '../../i18n';
import { useOrgs } from '../../shell/orgs';

type Values = Omit<SummonsBody, 'assignmentId'>;
const FIELDS = ['subject', 'place', 'description', 'urgent', 'departmentCodes', 'assignmentId'];
/** How many of a department's principal matters an option shows (the list has a few per department). */
const MATTERS_SHOWN = 3;

/**
 * Street: blow the whistle (吹哨) — standalone, or about one of its assignments
 * (`?assignmentId=`). Departments are searched by name; each option shows the department's
 * principal matters from the list in force, so the street calls the body that holds the duty.
 */
export function NewSummonsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const assignmentId = params.get('assignmentId') ?? undefined;
  const orgs = useOrgs();
  const required = useRequired();
  const formError = useFormError();
  const [form] = Form.useForm<Values>();
  const create = useCreateSummons();
  const [busy, setBusy] = useState(false);
  const matters = useQuery(queries.matters(''));

  const options = useMemo(() => {
    const byDept = new Map<string, string[]>();
    for (const m of matters.data?.items ?? [])
      byDept.set(m.principalDeptCode, [...(byDept.get(m.principalDeptCode) ?? []), m.name]);
    return orgs.orgs
      .filter((o) => o.kind === 'department')
      .map((o) => {
        const principal = byDept.get(o.code) ?? [];
        return {
          value: o.code,
          // searched by name, code and matters alike
          search: `${o.name} ${o.nameEn ?? ''} ${o.code} ${principal.join(' ')}`.toLowerCase(),
          label: orgs.name(o.code),
          principal,
        };
      });
  }, [orgs, matters.data]);

  const submit = async (values: Values) => {
    setBusy(true);
    try {
      const s = await create.mutateAsync({ ...values, urgent: !!values.urgent, assignmentId });
      void message.success(t('summons.sent'));
      navigate(`/summons/${s.id}`);
    } catch (e) {
      formError(form, e, FIELDS, values as unknown as Record<string, unknown>);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('summons.blowTitle')} style={{ maxWidth: 880 }}>
      {assignmentId && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          message={
            <Space>
              {t('summons.aboutAssignment')}
              <Link to={`/assignments/${assignmentId}`}>{t('summons.openAssignment')}</Link>
            </Space>
          }
        />
      )}
      {matters.error && (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('summons.mattersFailed')} />
      )}
      <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={{ urgent: false }}>
        <Form.Item name="subject" label={t('summons.subject')} rules={required}>
          <Input maxLength={200} data-testid="summons-subject" />
        </Form.Item>
        <Form.Item name="place" label={t('summons.place')} rules={required}>
          <Input maxLength={200} data-testid="summons-place" />
        </Form.Item>
        <TextAreaItem name="description" label={t('summons.description')} rows={4} maxLength={5000} />
        <Form.Item
          name="urgent"
          label={t('summons.urgent')}
          valuePropName="checked"
          extra={t('summons.urgentHint')}
        >
          <Switch data-testid="summons-urgent" />
        </Form.Item>
        <Form.Item
          name="departmentCodes"
          label={t('summons.departments')}
          rules={[...required, { type: 'array', max: MAX_SUMMONED_DEPARTMENTS }]}
          extra={t('summons.departmentsHint')}
        >
          <Select
            mode="multiple"
            showSearch
            loading={matters.isLoading}
            placeholder={t('summons.departmentsPlaceholder')}
            filterOption={(input, o) => !!o && o.search.includes(input.toLowerCase())}
            options={options}
            optionRender={(o) => (
              <Space direction="vertical" size={0}>
                <span>{o.data.label}</span>
                {o.data.principal.length > 0 && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('summons.principalMatters')}: {o.data.principal.slice(0, MATTERS_SHOWN).join('、')}
                    {o.data.principal.length > MATTERS_SHOWN ? ' …' : ''}
                  </Typography.Text>
                )}
              </Space>
            )}
            data-testid="summons-departments"
          />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="summons-submit">
              {t('summons.blow')}
            </Button>
            <Button onClick={() => navigate(-1)}>{t('common.cancel')}</Button>
          </Space>
        </Form.Item>
      </Form>
    </Card>
  );
}
