import { App, Button } from 'antd';
import { api, type Extension } from '../api';
import { useI18n } from '../i18n';
import { useShowError } from './errors';

/**
 * A department's approve and reject buttons for a pending extension request, as List.Item
 * actions; `reload` shows the outcome.
 */
export function useExtensionActions(reload: () => Promise<void>) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();

  const decide = async (e: Extension, approve: boolean) => {
    try {
      await api.decideExtension(e.id, approve);
      await reload();
      void message.success(t('common.done'));
    } catch (err) {
      showError(err, reload);
    }
  };

  return (e: Extension) => [
    <Button key="a" size="small" type="primary" onClick={() => void decide(e, true)}>
      {t('taskDetail.approve')}
    </Button>,
    <Button key="r" size="small" onClick={() => void decide(e, false)}>
      {t('taskDetail.reject')}
    </Button>,
  ];
}
