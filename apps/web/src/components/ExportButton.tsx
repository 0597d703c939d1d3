import { DownloadOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useState } from 'react';
import { useI18n } from '../i18n';
import { useShowError } from './errors';

/** Downloads a list as a file (api/everyday's export calls), saying what was saved or why it failed. */
export function ExportButton({ download, testId }: { download: () => Promise<string>; testId?: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      icon={<DownloadOutlined />}
      loading={busy}
      data-testid={testId}
      onClick={async () => {
        setBusy(true);
        try {
          void message.success(t('worklist.exported', { name: await download() }));
        } catch (e) {
          showError(e);
        } finally {
          setBusy(false);
        }
      }}
    >
      {t('worklist.export')}
    </Button>
  );
}
