import { DownloadOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useState, type ReactNode } from 'react';
import { useI18n } from '../i18n';
import { useShowError } from './errors';

/** Downloads a list as a file (api/everyday's export calls), saying what was saved or why it failed. */
export function ExportButton({
  download,
  testId,
  label,
  size,
}: {
  download: () => Promise<string>;
  testId?: string;
  /** The button's text; 导出Excel unless said otherwise. */
  label?: ReactNode;
  size?: 'small';
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      icon={<DownloadOutlined />}
      loading={busy}
      data-testid={testId}
      size={size}
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
      {label ?? t('worklist.export')}
    </Button>
  );
}
