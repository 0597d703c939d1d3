import { App, Button } from 'antd';
import type { Extension } from '../api';
import { useDecideExtension } from '../api/mutations';
import { useI18n } from '../i18n';
import { useShowError } from './errors';

/**
 * A department's approve and reject buttons for a pending extension request, as List.Item
 * actions; the assignment and task pages refresh by invalidation (api/mutations).
 */
export function useExtensionActions() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const decide = useDecideExtension();

  const send = (e: Extension, approve: boolean) =>
    decide.mutate(
      { extension: e, approve },
      {
        onSuccess: () => void message.success(t('common.done')),
        onError: (err) => showError(err),
      },
    );
  const busy = (e: Extension, approve: boolean) =>
    decide.isPending && decide.variables.extension.id === e.id && decide.variables.approve === approve;

  return (e: Extension) => [
    <Button key="a" size="small" type="primary" loading={busy(e, true)} onClick={() => send(e, true)}>
      {t('taskDetail.approve')}
    </Button>,
    <Button key="r" size="small" loading={busy(e, false)} onClick={() => send(e, false)}>
      {t('taskDetail.reject')}
    </Button>,
  ];
}
