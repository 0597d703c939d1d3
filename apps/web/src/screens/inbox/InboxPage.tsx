import { App, Badge, Button, Card, List, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { Notification, UserRole } from '../../api';
import { useMarkRead } from '../../api/mutations';
import { queries } from '../../api/queries';
import { RefreshButton } from '../../components/controls';
import { useShowError } from '../../components/errors';
import { keysetEmptyText, keysetFooter } from '../../components/KeysetTable';
import { useKeyset } from '../../components/useKeyset';
import { useI18n } from '../../i18n';
import { useOrgs } from '../../shell/orgs';
import { useSession } from '../../shell/session';

/** Where a notification leads, by what the reader's role can open. */
function targetOf(n: Notification, role: UserRole | null): string | null {
  if (n.kind === 'review.requested' && role === 'reviewer') return '/reviews';
  if (n.kind === 'dispute.opened' && role === 'reviewer') return '/disputes';
  if (n.kind.startsWith('deadline.') && role === 'supervisor') return '/overdue';
  if (typeof n.payload.summonsId === 'string') return `/summons/${n.payload.summonsId}`;
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
  const showError = useShowError();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = useKeyset(queries.inbox({ unreadOnly }));
  // Marking read invalidates the inbox: this list and the header's badge refetch.
  const mark = useMarkRead();

  const markRead = (n: Notification) => mark.mutate(n.id, { onError: (e) => showError(e) });

  const readAll = () =>
    mark.mutate(undefined, {
      onSuccess: (r) => void message.success(t('inbox.marked', { n: r?.marked ?? 0 })),
      onError: (e) => showError(e),
    });

  return (
    <Card
      title={t('inbox.title')}
      extra={
        <Space>
          <Switch checked={unreadOnly} onChange={setUnreadOnly} /> {t('inbox.unreadOnly')}
          <RefreshButton onRefresh={list.reload} />
          <Button
            type="primary"
            onClick={readAll}
            loading={mark.isPending && !mark.variables}
            data-testid="read-all"
          >
            {t('inbox.readAll')}
          </Button>
        </Space>
      }
    >
      <List<Notification>
        loading={list.loading}
        dataSource={list.items}
        locale={{ emptyText: keysetEmptyText(list) }}
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
                      <Button key="m" size="small" onClick={() => markRead(n)}>
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
        footer={keysetFooter(list)}
      />
    </Card>
  );
}
