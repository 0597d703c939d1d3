import {
  AlertOutlined,
  AuditOutlined,
  BarChartOutlined,
  BellOutlined,
  BookOutlined,
  CalendarOutlined,
  DashboardOutlined,
  FileAddOutlined,
  FileSearchOutlined,
  InboxOutlined,
  LogoutOutlined,
  NotificationOutlined,
  OrderedListOutlined,
  ProfileOutlined,
  StarOutlined,
  SafetyOutlined,
  SafetyCertificateOutlined,
  SearchOutlined,
  SwapOutlined,
  TeamOutlined,
  TrophyOutlined,
  TranslationOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Layout, Menu, Space, Tag, Tooltip, Typography } from 'antd';
import { useEffect, type ReactNode } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import type { UserRole } from '../api';
import { queries } from '../api/queries';
import { useErrorText } from '../components/errors';
import { useI18n, type MessageKey } from '../i18n';
import { useOrgs } from './orgs';
import { ScreenBoundary } from './ScreenBoundary';
import { useSession } from './session';

interface MenuEntry {
  path: string;
  label: MessageKey;
  icon: ReactNode;
}

/** The screens of each role, in menu order (the inbox is in the header for everyone). */
export const MENUS: Record<UserRole, MenuEntry[]> = {
  department: [
    { path: '/tasks', label: 'menu.myTasks', icon: <UnorderedListOutlined /> },
    { path: '/tasks/new', label: 'menu.submitTask', icon: <FileAddOutlined /> },
    { path: '/summons', label: 'menu.summonsReceived', icon: <NotificationOutlined /> },
    { path: '/joint-actions', label: 'menu.jointActions', icon: <SafetyOutlined /> },
    { path: '/my-scorecard', label: 'menu.myScorecard', icon: <TrophyOutlined /> },
    { path: '/tolerance/claims', label: 'menu.toleranceClaims', icon: <SafetyOutlined /> },
  ],
  street: [
    { path: '/assignments', label: 'menu.assignments', icon: <ProfileOutlined /> },
    { path: '/summons', label: 'menu.summons', icon: <NotificationOutlined /> },
    { path: '/joint-actions', label: 'menu.jointActions', icon: <SafetyOutlined /> },
    { path: '/my-scorecard', label: 'menu.myScorecard', icon: <TrophyOutlined /> },
    { path: '/ratings', label: 'menu.ratings', icon: <StarOutlined /> },
    { path: '/enforcement', label: 'menu.enforcement', icon: <SafetyCertificateOutlined /> },
    { path: '/tolerance/claims', label: 'menu.toleranceClaims', icon: <SafetyOutlined /> },
  ],
  reviewer: [
    { path: '/reviews', label: 'menu.reviews', icon: <FileSearchOutlined /> },
    { path: '/disputes', label: 'menu.disputes', icon: <SwapOutlined /> },
    { path: '/lists', label: 'menu.lists', icon: <OrderedListOutlined /> },
    { path: '/powers', label: 'menu.powers', icon: <SafetyCertificateOutlined /> },
    { path: '/overdue', label: 'menu.overdue', icon: <AlertOutlined /> },
    { path: '/assessment', label: 'menu.assessment', icon: <BarChartOutlined /> },
    { path: '/staffing', label: 'menu.staffing', icon: <BarChartOutlined /> },
  ],
  supervisor: [
    { path: '/overdue', label: 'menu.overdue', icon: <AlertOutlined /> },
    { path: '/assessment', label: 'menu.assessment', icon: <BarChartOutlined /> },
    { path: '/reviews', label: 'menu.reviews', icon: <FileSearchOutlined /> },
    { path: '/disputes', label: 'menu.disputes', icon: <SwapOutlined /> },
    { path: '/summons', label: 'menu.summons', icon: <NotificationOutlined /> },
    { path: '/joint-actions', label: 'menu.jointActions', icon: <SafetyOutlined /> },
    { path: '/tolerance/queue', label: 'menu.toleranceQueue', icon: <SafetyOutlined /> },
    { path: '/tolerance/items', label: 'menu.toleranceItems', icon: <OrderedListOutlined /> },
    { path: '/staffing', label: 'menu.staffing', icon: <BarChartOutlined /> },
    { path: '/powers', label: 'menu.powers', icon: <SafetyCertificateOutlined /> },
  ],
  admin: [
    { path: '/calendar', label: 'menu.calendar', icon: <CalendarOutlined /> },
    { path: '/webhooks', label: 'menu.webhooks', icon: <AuditOutlined /> },
    { path: '/overdue', label: 'menu.overdue', icon: <AlertOutlined /> },
    { path: '/users', label: 'menu.users', icon: <TeamOutlined /> },
  ],
};

/** The frame of every signed-in screen: menu by role, the user's organisation and role, language, inbox, sign-out. */
export function AppLayout() {
  const { t, lang, setLang } = useI18n();
  const { user, role, logout } = useSession();
  // The badge polls (queries.unread: refetchInterval); transitions and "mark read" invalidate it.
  const unread = useQuery(queries.unread());
  const orgs = useOrgs();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  // The API writes error bodies in the language a request asked for: after a switch, the reads
  // that failed ask again, so what they show is in the new language.
  useEffect(() => {
    void queryClient.refetchQueries({ predicate: (q) => q.state.status === 'error' });
  }, [lang, queryClient]);
  const location = useLocation();
  const navigate = useNavigate();
  const entries = role ? MENUS[role] : [];
  const entriesWithInbox = [
    { path: '/workbench', label: 'menu.workbench' as MessageKey, icon: <DashboardOutlined /> },
    ...entries,
    { path: '/worklist', label: 'menu.worklist' as MessageKey, icon: <SearchOutlined /> },
    { path: '/matters', label: 'menu.listBrowser' as MessageKey, icon: <BookOutlined /> },
    { path: '/inbox', label: 'menu.inbox' as MessageKey, icon: <InboxOutlined /> },
  ];
  // The longest menu path that prefixes the current one is the selected entry.
  const selected = entriesWithInbox
    .map((e) => e.path)
    .filter((p) => location.pathname === p || location.pathname.startsWith(p + '/'))
    .sort((a, b) => b.length - a.length)[0];

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} theme="light" width={208}>
        <div style={{ padding: '16px 20px' }}>
          <Typography.Title level={4} style={{ margin: 0, color: '#b4232a' }}>
            {t('app.name')}
          </Typography.Title>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('app.subtitle')}
          </Typography.Text>
        </div>
        <Menu
          mode="inline"
          selectedKeys={selected ? [selected] : []}
          items={entriesWithInbox.map((e) => ({
            key: e.path,
            icon: e.icon,
            label: <Link to={e.path}>{t(e.label)}</Link>,
          }))}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: '0 24px',
            display: 'flex',
            justifyContent: 'flex-end',
            alignItems: 'center',
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          <Space size="middle" wrap>
            <span data-testid="current-org">
              <Typography.Text strong>
                {user ? orgs.shortName(user.org.code, user.org.name) : null}
              </Typography.Text>{' '}
              <Typography.Text type="secondary">({user?.org.code})</Typography.Text>
            </span>
            {user?.roles.map((r) => (
              <Tag key={r} color="volcano" data-testid="current-role">
                {t(`userRole.${r}` as MessageKey)}
              </Tag>
            ))}
            <Tooltip
              title={unread.error ? `${t('layout.unreadFailed')}: ${errorText(unread.error)}` : undefined}
            >
              <Badge count={unread.error ? '!' : (unread.data ?? 0)} size="small" data-testid="inbox-badge">
                <Button
                  type="text"
                  icon={<BellOutlined />}
                  onClick={() => {
                    if (unread.error) void unread.refetch();
                    navigate('/inbox');
                  }}
                  aria-label={t('layout.inbox')}
                />
              </Badge>
            </Tooltip>
            <Button
              icon={<TranslationOutlined />}
              onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}
              data-testid="lang-switch"
            >
              {t('lang.switch')}
            </Button>
            <Button icon={<LogoutOutlined />} onClick={logout}>
              {t('layout.logout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          {orgs.error && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              message={t('layout.orgsFailed')}
              description={errorText(orgs.error)}
              data-testid="orgs-error"
              action={
                <Button size="small" onClick={() => void orgs.retry()}>
                  {t('common.retry')}
                </Button>
              }
            />
          )}
          <ScreenBoundary>
            <Outlet />
          </ScreenBoundary>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
