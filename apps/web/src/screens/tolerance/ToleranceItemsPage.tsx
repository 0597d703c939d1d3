import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  Space,
  Spin,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { ApiError, type ToleranceItemBody } from '../../api';
import { useReplaceToleranceItems } from '../../api/mutations';
import { queries } from '../../api/queries';
import { useShowError } from '../../components/errors';
import { QueryError } from '../../components/QueryError';
import { useI18n } from '../../i18n';

interface Row extends ToleranceItemBody {
  textEn: string;
  claims?: number;
}

const FIELDS = ['code', 'text', 'textEn', 'tolerable'];

/**
 * Supervisor (督查室): the tolerance list (容错纠错清单) as an editable table, saved as a whole
 * (`PUT /api/tolerance-items`). Items claims cite are retired rather than deleted when left out;
 * the answer says which, and retired items can be shown below the list.
 */
export function ToleranceItemsPage() {
  const { t, time } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<{ items: Row[] }>();
  const [showRetired, setShowRetired] = useState(false);
  const items = useQuery(queries.toleranceItems(true));
  const replace = useReplaceToleranceItems();
  const [outcome, setOutcome] = useState<{ retired: string[]; removed: string[] } | null>(null);
  const retired = (items.data ?? []).filter((i) => i.retiredAt !== null);

  useEffect(() => {
    if (items.data)
      form.setFieldsValue({
        items: items.data
          .filter((i) => i.retiredAt === null)
          .map((i) => ({
            code: i.code,
            text: i.text,
            textEn: i.textEn,
            tolerable: i.tolerable,
            claims: i.claims,
          })),
      });
  }, [items.data, form]);

  const save = async () => {
    const { items: rows } = await form.validateFields();
    const body = rows.map((r) => ({
      code: r.code,
      text: r.text,
      textEn: r.textEn || undefined,
      tolerable: !!r.tolerable,
    }));
    try {
      const r = await replace.mutateAsync(body);
      setOutcome({ retired: r.retired, removed: r.removed });
      void message.success(t('tolerance.items.saved'));
    } catch (e) {
      // Details name `[3].code`: the form's fields are `items[3].code`; the rest (a list with no
      // tolerable item, a conflict) is shown as a message.
      const details = e instanceof ApiError ? e.details : [];
      const onFields = details.filter(
        (d) => /^\[\d+\]\.\w+$/.test(d.field ?? '') && FIELDS.includes(d.field!.split('.')[1]),
      );
      form.setFields(
        onFields.map((d) => {
          const [index, field] = pathOf(d.field!) as [number, keyof Row];
          return { name: ['items', index, field] as ['items', number, keyof Row], errors: [d.message] };
        }),
      );
      if (onFields.length < details.length || !details.length) showError(e, items.refetch);
    }
  };

  if (items.error) return <QueryError error={items.error} onRetry={items.refetch} />;
  if (!items.data) return <Spin />;

  return (
    <Card
      title={t('tolerance.items.title')}
      extra={
        <Button
          type="primary"
          onClick={() => void save()}
          loading={replace.isPending}
          data-testid="save-items"
        >
          {t('common.save')}
        </Button>
      }
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('tolerance.items.hint')} />
      {outcome && (outcome.retired.length || outcome.removed.length) ? (
        <Alert
          type="warning"
          showIcon
          closable
          style={{ marginBottom: 16 }}
          onClose={() => setOutcome(null)}
          message={[
            outcome.retired.length ? t('tolerance.items.retired', { codes: outcome.retired.join(', ') }) : '',
            outcome.removed.length ? t('tolerance.items.removed', { codes: outcome.removed.join(', ') }) : '',
          ]
            .filter(Boolean)
            .join(';')}
        />
      ) : null}
      <Form form={form} component={false}>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <>
              <Table
                size="small"
                rowKey="key"
                pagination={false}
                dataSource={fields}
                scroll={{ x: 1000 }}
                data-testid="tolerance-items"
                columns={[
                  {
                    title: t('tolerance.items.code'),
                    width: 220,
                    render: (_, f) => (
                      <Form.Item
                        name={[f.name, 'code']}
                        style={{ margin: 0 }}
                        rules={[
                          {
                            required: true,
                            pattern: /^[A-Z][A-Z0-9_]{1,39}$/,
                            message: t('tolerance.items.codeHint'),
                          },
                        ]}
                      >
                        <Input />
                      </Form.Item>
                    ),
                  },
                  {
                    title: t('tolerance.items.text'),
                    render: (_, f) => (
                      <Form.Item
                        name={[f.name, 'text']}
                        style={{ margin: 0 }}
                        rules={[{ required: true, whitespace: true, message: t('common.required') }]}
                      >
                        <Input.TextArea autoSize maxLength={500} />
                      </Form.Item>
                    ),
                  },
                  {
                    title: t('tolerance.items.textEn'),
                    render: (_, f) => (
                      <Form.Item name={[f.name, 'textEn']} style={{ margin: 0 }}>
                        <Input.TextArea autoSize maxLength={500} />
                      </Form.Item>
                    ),
                  },
                  {
                    title: t('tolerance.items.tolerable'),
                    width: 100,
                    render: (_, f) => (
                      <Form.Item name={[f.name, 'tolerable']} valuePropName="checked" style={{ margin: 0 }}>
                        <Switch />
                      </Form.Item>
                    ),
                  },
                  {
                    title: t('tolerance.items.claims'),
                    width: 100,
                    align: 'right',
                    render: (_, f) => form.getFieldValue(['items', f.name, 'claims']) ?? 0,
                  },
                  {
                    title: t('common.actions'),
                    width: 90,
                    render: (_, f) => (
                      <Button danger size="small" icon={<DeleteOutlined />} onClick={() => remove(f.name)}>
                        {t('tolerance.items.remove')}
                      </Button>
                    ),
                  },
                ]}
              />
              <Button
                block
                icon={<PlusOutlined />}
                style={{ marginTop: 12 }}
                onClick={() => add({ code: '', text: '', textEn: '', tolerable: true })}
              >
                {t('tolerance.items.add')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
      <Space style={{ marginTop: 16 }}>
        <Checkbox checked={showRetired} onChange={(e) => setShowRetired(e.target.checked)}>
          {t('tolerance.items.showRetired')} ({retired.length})
        </Checkbox>
      </Space>
      {showRetired ? (
        <Table
          size="small"
          rowKey="code"
          pagination={false}
          style={{ marginTop: 8 }}
          dataSource={retired}
          columns={[
            { title: t('tolerance.items.code'), dataIndex: 'code' },
            { title: t('tolerance.items.text'), dataIndex: 'text' },
            {
              title: t('tolerance.items.tolerable'),
              dataIndex: 'tolerable',
              render: (v: boolean) => <Tag>{t(v ? 'common.yes' : 'common.no')}</Tag>,
            },
            { title: t('tolerance.items.claims'), dataIndex: 'claims' },
            {
              title: t('common.state'),
              dataIndex: 'retiredAt',
              render: (v: string) => (
                <Typography.Text type="secondary">
                  {t('tolerance.items.retiredAt', { time: time(v) })}
                </Typography.Text>
              ),
            },
          ]}
        />
      ) : null}
    </Card>
  );
}

/** `[3].code` → [3, 'code']. */
function pathOf(field: string): (string | number)[] {
  return [...field.matchAll(/\[(\d+)\]|\.?([^.[\]]+)/g)].map((m) =>
    m[1] !== undefined ? Number(m[1]) : m[2],
  );
}
