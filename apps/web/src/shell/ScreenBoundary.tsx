import { Button, Result, Spin } from 'antd';
import { Component, Suspense, type ReactNode } from 'react';
import { useLocation } from 'react-router-dom';
import { useI18n } from '../i18n';

interface State {
  failed: boolean;
}

/** Catches a screen that failed to load or render, so the frame stays and the user can reload. */
class Boundary extends Component<{ fallback: ReactNode; children: ReactNode }, State> {
  state: State = { failed: false };
  static getDerivedStateFromError(): State {
    return { failed: true };
  }
  render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

function ScreenFailed() {
  const { t } = useI18n();
  return (
    <Result
      status="error"
      title={t('common.screenFailed')}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('common.reloadPage')}
        </Button>
      }
    />
  );
}

/**
 * Where a lazily loaded screen appears: a spinner while its code downloads, an error with a
 * reload button when the download fails (a deployment replaced the chunks, the network dropped).
 * A new path starts afresh.
 */
export function ScreenBoundary({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  return (
    <Boundary key={pathname} fallback={<ScreenFailed />}>
      <Suspense
        fallback={
          <div style={{ padding: 48, textAlign: 'center' }}>
            <Spin />
          </div>
        }
      >
        {children}
      </Suspense>
    </Boundary>
  );
}
