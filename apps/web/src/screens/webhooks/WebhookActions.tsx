import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Space } from 'antd';
import { useState } from 'react';
import type { Webhook } from '../../api';
import { everydayApi } from '../../api/everyday';
import { queryKeys } from '../../api/queryKeys';
import { ActionModal } from '../../components/ActionModal';
import { Confirm } from '../../components/controls';
import { useShowError } from '../../components/errors';
import { useRequired } from '../../components/formItems';
import { useI18n } from '../../i18n';

/**
 * A webhook's everyday actions: point it elsewhere, send a test notification (through the usual
 * delivery job; the result shows in its delivery log, which opens), delete it. The secret is
 * never shown again.
 */
export function WebhookActions({ webhook, onTested }: { webhook: Webhook; onTested: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const required = useRequired();
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const refresh = () => qc.invalidateQueries({ queryKey: queryKeys.webhooks.all });
  const test = useMutation({ mutationFn: () => everydayApi.testWebhook(webhook.id), onSettled: refresh });
  const remove = useMutation({ mutationFn: () => everydayApi.deleteWebhook(webhook.id), onSettled: refresh });

  return (
    <Space>
      <Button size="small" onClick={() => setEditing(true)} data-testid="webhook-edit">
        {t('webhooks.edit')}
      </Button>
      <Button
        size="small"
        loading={test.isPending}
        data-testid="webhook-test"
        onClick={() =>
          test.mutate(undefined, {
            onSuccess: () => {
              void message.success(t('webhooks.testSent'));
              onTested();
            },
            onError: (e) => showError(e),
          })
        }
      >
        {t('webhooks.test')}
      </Button>
      <Confirm
        title={t('webhooks.deleteConfirm')}
        onConfirm={() =>
          remove.mutate(undefined, {
            onSuccess: () => void message.success(t('common.done')),
            onError: (e) => showError(e),
          })
        }
      >
        <Button size="small" danger loading={remove.isPending} data-testid="webhook-delete">
          {t('webhooks.delete')}
        </Button>
      </Confirm>
      <ActionModal<{ url: string }>
        open={editing}
        title={t('webhooks.edit')}
        fields={['url']}
        initialValues={{ url: webhook.url }}
        onCancel={() => setEditing(false)}
        onSubmit={async (v) => {
          await everydayApi.editWebhook(webhook.id, v.url.trim());
          await refresh();
          setEditing(false);
          void message.success(t('common.done'));
        }}
      >
        <Form.Item name="url" label={t('webhooks.url')} rules={required}>
          <Input style={{ width: '100%' }} />
        </Form.Item>
      </ActionModal>
    </Space>
  );
}
