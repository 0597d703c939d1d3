import { Alert, Button } from 'antd';
import type { CSSProperties } from 'react';
import { useI18n } from '../i18n';
import { useErrorText } from './errors';

/**
 * A read that failed, shown where its data would be: what went wrong in the user's language and
 * a retry button. Never an empty list ("暂无数据") or a spinner that does not stop.
 */
export function QueryError({
  error,
  onRetry,
  style,
}: {
  error: unknown;
  onRetry: () => unknown;
  style?: CSSProperties;
}) {
  const { t } = useI18n();
  const errorText = useErrorText();
  return (
    <Alert
      type="error"
      showIcon
      style={{ textAlign: 'left', ...style }}
      message={t('common.loadFailed')}
      description={errorText(error)}
      data-testid="query-error"
      action={
        <Button size="small" onClick={() => void onRetry()} data-testid="query-retry">
          {t('common.retry')}
        </Button>
      }
    />
  );
}
