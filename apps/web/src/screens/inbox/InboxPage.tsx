import { App, Badge, Button, Card, List, Select, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { Notification, UserRole } from '../../api';
import { useMarkRead } from '../../api/mutations';
import { queries } from '../../api/queries';
import { RefreshButton } from '../../components/controls';
import { useShowError } from '../../components/errors';
import { keysetEmptyText, keysetFooter } from '../../components/KeysetTable';
import { useKeyset } from '../../components/useKeyset';
import { useI18n, type MessageKey } from '../../i18n';
import { useOrgs } from '../../shell/orgs';
import { useSession } from '../../shell/session';

/** The families of notification kinds the inbox filters by (`deadline` is every `deadline.*`). */
const KIND_FAMILIES = ['assignment', 'review', 'dispute', 'extension', 'deadline'] as const;
/** The system administration's inbox holds notices about the system itself (`webhook.failed` …). */
const ADMIN_KIND_FAMILIES = ['webhook'] as const;

/** Notifications of one task together, the task with the newest notification first; each group newest first. */
function groupByTask(items: Notification[]): Notification[] {
  const groups = new Map<string, Notification[]>();
  for (const n of items) {
    const key = n.task?.id ?? n.id;
    groups.set(key, [...(groups.get(key) ?? []), n]);
  }
  return [...groups.values()].flat();
}

/** Where a notification leads, by what the reader's role can open. */
function targetOf(n: Notification, role: UserRole | null): string | null {
  if (n.kind === 'review.requested' && role === 'reviewer') return '/reviews';
  if (n.kind === 'dispute.opened' && role === 'reviewer') return '/disputes';
  if (n.kind.startsWith('deadline.') && role === 'supervisor') return '/overdue';
  if (n.kind.startsWith('webhook.') && role === 'admin') return '/webhooks';
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
  const [kind, setKind] = useState<string | undefined>();
  const list = useKeyset(queries.inbox({ unreadOnly, kind }));
  // Grouped by task: each task's notifications together, the task with the newest first.
  const items = groupByTask(list.items);
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
          <Select
            allowClear
            placeholder={t('inbox.kind')}
            style={{ width: 140 }}
            value={kind}
            onChange={setKind}
            options={(role === 'admin' ? ADMIN_KIND_FAMILIES : KIND_FAMILIES).map((k) => ({
              value: k,
              label: t(`inbox.kind.${k}` as MessageKey),
            }))}
            data-testid="inbox-kind"
          />
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
        dataSource={items}
        locale={{ emptyText: keysetEmptyText(list) }}
        data-testid="inbox-list"
        renderItem={(n) => {
          const to = targetOf(n, role);
          const street = typeof n.payload.streetCode === 'string' ? n.payload.streetCode : null;
          // A failed delivery's notice names the organisation whose webhook failed.
          const hookOrg = typeof n.payload.webhookOrgCode === 'string' ? n.payload.webhookOrgCode : null;
          // The other party: the department for a street, the street for everyone else.
          const party = n.task
            ? role === 'street'
              ? n.task.submitterCode
              : n.task.streetCode
            : (street ?? hookOrg);
          const first =
            items.findIndex((x) => (x.task?.id ?? x.id) === (n.task?.id ?? n.id)) === items.indexOf(n);
          const note = ['note', 'reason', 'error']
            .map((k) => n.payload[k])
            .find((v) => typeof v === 'string') as string | undefined;
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
                  <Space direction="vertical" size={0}>
                    {first && n.task && (
                      <Typography.Text strong data-testid="inbox-task">
                        {n.task.title}
                      </Typography.Text>
                    )}
                    <Space>
                      {to ? <Link to={to}>{label('notif', n.kind)}</Link> : label('notif', n.kind)}
                      {party && <Typography.Text type="secondary">{orgs.name(party)}</Typography.Text>}
                    </Space>
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
