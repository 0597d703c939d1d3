import { Button, Result, Spin } from 'antd';
import { Suspense } from 'react';
import { Link, Navigate, Outlet, useLocation } from 'react-router-dom';
import type { UserRole } from '../api';
import { useI18n } from '../i18n';
import { AppLayout } from './preload';
import { homeOf, useSession } from './session';

// The layout (menu, header) is a chunk of its own, preloaded behind the sign-in card: see preload.ts.

/** Signed-in screens: without a session, go to the login page and come back afterwards. */
export function RequireSession() {
  const { user, signedOut } = useSession();
  const location = useLocation();
  if (!user)
    return (
      <Navigate
        to="/login"
        replace
        state={signedOut ? null : { from: location.pathname + location.search }}
      />
    );
  return (
    <Suspense
      fallback={
        <div style={{ padding: 48, textAlign: 'center' }}>
          <Spin />
        </div>
      }
    >
      <AppLayout />
    </Suspense>
  );
}

/** A screen for some roles only; the API enforces the same, this only keeps the menu honest. */
export function RequireRole({ roles }: { roles: UserRole[] }) {
  const { user, role } = useSession();
  const { t } = useI18n();
  if (user && user.roles.some((r) => roles.includes(r))) return <Outlet />;
  return (
    <Result
      status="403"
      title="403"
      extra={
        <Link to={homeOf(role)}>
          <Button type="primary">{t('common.home')}</Button>
        </Link>
      }
    />
  );
}

export function HomeRedirect() {
  const { role } = useSession();
  return <Navigate to={homeOf(role)} replace />;
}

export function NotFound() {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('common.notFound')}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.home')}</Button>
        </Link>
      }
    />
  );
}
