import { Alert, App, Button, Card, Drawer, Form, Input, Modal, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, type Webhook, type WebhookDelivery } from '../../api';
import { OrgSelect, RefreshButton } from '../../components/controls';
import { useFormError, useShowError } from '../../components/errors';
import { SubmitItem, useRequired } from '../../components/formItems';
import { useFetched } from '../../components/useFetched';
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
  const { data: hooks, setData: setHooks, loading, load } = useFetched<Webhook[]>(api.webhooks, []);
  const [secret, setSecret] = useState<Webhook | null>(null);
  const [viewing, setViewing] = useState<Webhook | null>(null);
  const [deliveries, setDeliveries] = useState<WebhookDelivery[]>([]);

  const create = async (v: { orgCode: string; url: string }) => {
    try {
      setSecret(await api.createWebhook(v.orgCode, v.url.trim()));
      form.resetFields();
      await load();
    } catch (e) {
      formError(form, e, ['orgCode', 'url']);
    }
  };

  const toggle = async (w: Webhook, active: boolean) => {
    try {
      await api.setWebhookActive(w.id, active);
      setHooks((hs) => hs.map((h) => (h.id === w.id ? { ...h, active } : h)));
      void message.success(t('common.done'));
    } catch (e) {
      showError(e);
    }
  };

  const openDeliveries = async (w: Webhook) => {
    setViewing(w);
    setDeliveries([]);
    try {
      setDeliveries(await api.deliveries(w.id));
    } catch (e) {
      showError(e);
    }
  };

  return (
    <Card title={t('webhooks.title')} extra={<RefreshButton onRefresh={load} />}>
      <Form form={form} layout="inline" onFinish={create} style={{ rowGap: 12, marginBottom: 16 }}>
        <Form.Item name="orgCode" label={t('webhooks.org')} rules={required}>
          <OrgSelect />
        </Form.Item>
        <Form.Item name="url" label={t('webhooks.url')} rules={required}>
          <Input placeholder="https://example.org/hooks/dutygate" style={{ width: 360 }} />
        </Form.Item>
        <SubmitItem>{t('webhooks.create')}</SubmitItem>
      </Form>
      <Table<Webhook>
        rowKey="id"
        loading={loading}
        dataSource={hooks}
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
            render: (a: boolean, w) => <Switch checked={a} onChange={(v) => void toggle(w, v)} />,
          },
          { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => time(v) },
          {
            title: t('common.actions'),
            render: (_, w) => (
              <Button size="small" onClick={() => void openDeliveries(w)}>
                {t('webhooks.deliveries')}
              </Button>
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

      <Drawer
        open={!!viewing}
        width={900}
        title={`${t('webhooks.deliveries')} — ${viewing?.url ?? ''}`}
        onClose={() => setViewing(null)}
      >
        <Table<WebhookDelivery>
          rowKey="id"
          size="small"
          dataSource={deliveries}
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
