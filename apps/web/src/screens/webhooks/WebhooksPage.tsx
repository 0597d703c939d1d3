import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Drawer,
  Form,
  Input,
  Modal,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { WebhookActions } from './WebhookActions';
import { useState } from 'react';
import type { NewWebhook, Webhook, WebhookDelivery } from '../../api';
import { useCreateWebhook, useSetWebhookActive } from '../../api/mutations';
import { queries } from '../../api/queries';
import { AuditHistory } from '../../components/AuditHistory';
import { OrgSelect, RefreshButton } from '../../components/controls';
import { useFormError, useShowError } from '../../components/errors';
import { SubmitItem, useRequired } from '../../components/formItems';
import { QueryError } from '../../components/QueryError';
import { useI18n } from '../../i18n';
import { useOrgs } from '../../shell/orgs';

const DELIVERY_COLOR: Record<WebhookDelivery['state'], string> = {
  pending: 'gold',
  delivered: 'green',
  failed: 'red',
};

/** Admin: outgoing webhooks per organisation, their signing secret (once) and their deliveries. */
export function WebhooksPage() {
  const { t, label, time } = useI18n();
  const { message } = App.useApp();
  const orgs = useOrgs();
  const showError = useShowError();
  const formError = useFormError();
  const required = useRequired();
  const [form] = Form.useForm<{ orgCode: string; url: string }>();
  const { data: hooks, isFetching, error, refetch: load } = useQuery(queries.webhooks());
  const createWebhook = useCreateWebhook();
  const setActive = useSetWebhookActive();
  const [secret, setSecret] = useState<NewWebhook | null>(null);
  const [viewing, setViewing] = useState<Webhook | null>(null);
  const [historyOf, setHistoryOf] = useState<Webhook | null>(null);
  const deliveries = useQuery({ ...queries.deliveries(viewing?.id ?? ''), enabled: !!viewing });

  const create = async (v: { orgCode: string; url: string }) => {
    try {
      setSecret(await createWebhook.mutateAsync({ orgCode: v.orgCode, url: v.url.trim() }));
      form.resetFields();
    } catch (e) {
      formError(form, e, ['orgCode', 'url']);
    }
  };

  const toggle = (w: Webhook, active: boolean) =>
    setActive.mutate(
      { id: w.id, active },
      { onSuccess: () => void message.success(t('common.done')), onError: (e) => showError(e) },
    );

  return (
    <Card title={t('webhooks.title')} extra={<RefreshButton onRefresh={load} />}>
      <Form form={form} layout="inline" onFinish={create} style={{ rowGap: 12, marginBottom: 16 }}>
        <Form.Item name="orgCode" label={t('webhooks.org')} rules={required}>
          <OrgSelect withSystem />
        </Form.Item>
        <Form.Item name="url" label={t('webhooks.url')} rules={required}>
          <Input placeholder="https://example.org/hooks/dutygate" style={{ width: 360 }} />
        </Form.Item>
        <SubmitItem loading={createWebhook.isPending}>{t('webhooks.create')}</SubmitItem>
      </Form>
      {error && <QueryError error={error} onRetry={load} style={{ marginBottom: 16 }} />}
      <Table<Webhook>
        rowKey="id"
        loading={isFetching}
        dataSource={hooks}
        locale={error ? { emptyText: t('common.loadFailed') } : undefined}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('webhooks.org'), dataIndex: 'orgCode', render: (c: string) => orgs.name(c) },
          {
            title: t('webhooks.url'),
            dataIndex: 'url',
            render: (u: string) => <Typography.Text code>{u}</Typography.Text>,
          },
          {
            title: t('webhooks.active'),
            dataIndex: 'active',
            render: (a: boolean, w) => (
              <Switch
                checked={a}
                loading={setActive.isPending && setActive.variables.id === w.id}
                onChange={(v) => toggle(w, v)}
              />
            ),
          },
          { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => time(v) },
          {
            title: t('common.actions'),
            render: (_, w) => (
              <Space wrap>
                <Button size="small" onClick={() => setViewing(w)}>
                  {t('webhooks.deliveries')}
                </Button>
                <Button size="small" onClick={() => setHistoryOf(w)}>
                  {t('webhooks.history')}
                </Button>
                <WebhookActions webhook={w} onTested={() => setViewing(w)} />
              </Space>
            ),
          },
        ]}
      />

      <Modal
        open={!!secret}
        title={t('webhooks.secretTitle')}
        onCancel={() => setSecret(null)}
        footer={
          <Button type="primary" onClick={() => setSecret(null)}>
            {t('common.confirm')}
          </Button>
        }
      >
        <Alert type="warning" showIcon message={t('webhooks.secretHint')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable code>
          {secret?.secret}
        </Typography.Paragraph>
      </Modal>

      <Modal
        open={historyOf !== null}
        title={historyOf ? t('webhooks.historyOf', { url: historyOf.url }) : ''}
        footer={null}
        width={640}
        onCancel={() => setHistoryOf(null)}
        destroyOnHidden
      >
        {/* Who registered it, re-pointed it (the URL kept without its query), paused or resumed it. */}
        {historyOf && (
          <AuditHistory options={queries.webhookHistory(historyOf.id)} empty={t('webhooks.historyEmpty')} />
        )}
      </Modal>

      <Drawer
        open={!!viewing}
        width={900}
        title={`${t('webhooks.deliveries')} — ${viewing?.url ?? ''}`}
        onClose={() => setViewing(null)}
      >
        {deliveries.error && (
          <QueryError error={deliveries.error} onRetry={deliveries.refetch} style={{ marginBottom: 12 }} />
        )}
        <Table<WebhookDelivery>
          rowKey="id"
          size="small"
          loading={deliveries.isFetching}
          dataSource={deliveries.data}
          locale={deliveries.error ? { emptyText: t('common.loadFailed') } : undefined}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: t('webhooks.kind'), dataIndex: 'kind', render: (k: string) => label('notif', k) },
            {
              title: t('webhooks.deliveryState'),
              dataIndex: 'state',
              render: (s: WebhookDelivery['state']) => (
                <Tag color={DELIVERY_COLOR[s]}>{t(`webhooks.state.${s}`)}</Tag>
              ),
            },
            { title: t('webhooks.attempts'), dataIndex: 'attempts' },
            {
              title: t('webhooks.status'),
              dataIndex: 'responseStatus',
              render: (s: number | null) => s ?? '—',
            },
            { title: t('webhooks.error'), dataIndex: 'lastError', render: (e: string | null) => e ?? '—' },
            { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => time(v) },
            {
              title: t('webhooks.deliveredAt'),
              dataIndex: 'deliveredAt',
              render: (v: string | null) => time(v),
            },
          ]}
        />
      </Drawer>
    </Card>
  );
}
