import { App, Badge, Button, Card, List, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, type Notification, type UserRole } from '../../api';
import { RefreshButton } from '../../components/controls';
import { useShowError } from '../../components/errors';
import { LoadMoreButton } from '../../components/KeysetTable';
import { useKeyset } from '../../components/useKeyset';
import { useI18n } from '../../i18n';
import { useInboxBadge } from '../../shell/inbox';
import { useOrgs } from '../../shell/orgs';
import { useSession } from '../../shell/session';

/** Where a notification leads, by what the reader's role can open. */
function targetOf(n: Notification, role: UserRole | null): string | null {
  if (n.kind === 'review.requested' && role === 'reviewer') return '/reviews';
  if (n.kind === 'dispute.opened' && role === 'reviewer') return '/disputes';
  if (n.kind.startsWith('deadline.') && role === 'supervisor') return '/overdue';
  const taskId = typeof n.payload.taskId === 'string' ? n.payload.taskId : null;
  if (role === 'department' && taskId) return `/tasks/${taskId}`;
  return n.assignmentId ? `/assignments/${n.assignmentId}` : null;
}

/** Everyone: the organisation's notifications; mark one or all read. */
export function InboxPage() {
  const { t, label, time } = useI18n();
  const { message } = App.useApp();
  const { role } = useSession();
  const orgs = useOrgs();
  const badge = useInboxBadge();
  const showError = useShowError();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = useKeyset(
    (cursor) => api.inbox({ unread: unreadOnly || undefined, cursor, limit: 30 }),
    [unreadOnly],
    showError,
  );

  const markRead = async (n: Notification) => {
    try {
      await api.markRead(n.id);
      badge.refresh();
      await list.reload();
    } catch (e) {
      showError(e);
    }
  };

  const readAll = async () => {
    try {
      const r = await api.markAllRead();
      void message.success(t('inbox.marked', { n: r.marked }));
      badge.refresh();
      await list.reload();
    } catch (e) {
      showError(e);
    }
  };

  return (
    <Card
      title={t('inbox.title')}
      extra={
        <Space>
          <Switch checked={unreadOnly} onChange={setUnreadOnly} /> {t('inbox.unreadOnly')}
          <RefreshButton onRefresh={list.reload} />
          <Button type="primary" onClick={() => void readAll()} data-testid="read-all">
            {t('inbox.readAll')}
          </Button>
        </Space>
      }
    >
      <List<Notification>
        loading={list.loading}
        dataSource={list.items}
        data-testid="inbox-list"
        renderItem={(n) => {
          const to = targetOf(n, role);
          const street = typeof n.payload.streetCode === 'string' ? n.payload.streetCode : null;
          const note = ['note', 'reason'].map((k) => n.payload[k]).find((v) => typeof v === 'string') as
            string | undefined;
          return (
            <List.Item
              actions={
                n.readAt
                  ? [<Tag key="r">{t('inbox.read')}</Tag>]
                  : [
                      <Button key="m" size="small" onClick={() => void markRead(n)}>
                        {t('inbox.markRead')}
                      </Button>,
                    ]
              }
            >
              <List.Item.Meta
                avatar={<Badge status={n.readAt ? 'default' : 'processing'} />}
                title={
                  <Space>
                    {to ? <Link to={to}>{label('notif', n.kind)}</Link> : label('notif', n.kind)}
                    {street && <Typography.Text type="secondary">{orgs.name(street)}</Typography.Text>}
                  </Space>
                }
                description={
                  <Space direction="vertical" size={0}>
                    <span>{time(n.createdAt)}</span>
                    {note && <span>{note}</span>}
                  </Space>
                }
              />
            </List.Item>
          );
        }}
        footer={list.hasMore ? <LoadMoreButton list={list} /> : undefined}
      />
    </Card>
  );
}
