import { useQuery } from '@tanstack/react-query';
import { Badge, Card, Col, List, Row, Space, Statistic, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { Link } from 'react-router-dom';
import type { UserRole, WorkbenchTileKey } from '../../api';
import { everydayQueries } from '../../api/everyday';
import { QueryError } from '../../components/QueryError';
import { useI18n, type MessageKey } from '../../i18n';
import { useOrgs } from '../../shell/orgs';
import { useSession } from '../../shell/session';

// The charts (echarts) load with the first workbench that shows them, not with the others.
const OverdueByOrgChart = lazy(async () => ({ default: (await import('./charts')).OverdueByOrgChart }));
const DecisionsChart = lazy(async () => ({ default: (await import('./charts')).DecisionsChart }));

/**
 * Where each tile leads: the list its count was counted from (the worklist's URL filters are the
 * API's). A feature with its own count adds one entry here and one in the API's role list.
 */
const TILE_LINKS: Record<WorkbenchTileKey, (role: UserRole | null) => string> = {
  awaitingSignoff: () => '/worklist?state=awaiting_signoff',
  inProgress: () => '/worklist?state=in_progress',
  awaitingConfirmation: () => '/worklist?state=completed',
  disputed: () => '/worklist?state=disputed',
  inReview: (role) => (role === 'reviewer' ? '/reviews' : '/worklist?state=in_review'),
  openDisputes: () => '/disputes',
  dueSoon: () => '/worklist?dueSoon=true',
  overdue: () => '/worklist?overdue=true',
  pendingExtensions: () => '/worklist?extensionPending=true',
  unread: () => '/inbox',
  failedDeliveries: () => '/webhooks',
  pendingSummons: () => '/summons',
  pausedWebhooks: () => '/webhooks',
  calendarGaps: () => '/calendar',
  activeUsers: () => '/users',
  // The queue dashboard is served by the API, not a screen of this app: the link leaves the app.
  failedJobs: () => '/admin/queues',
};

/** Tiles whose list is a page of the server rather than a screen of the app. */
const SERVER_PAGES: WorkbenchTileKey[] = ['failedJobs'];

/** Tiles that turn red when not zero: something is late or broken. */
const ALARMING: WorkbenchTileKey[] = ['overdue', 'failedDeliveries', 'calendarGaps', 'failedJobs'];
/** The latest notifications shown on the workbench (the inbox has the rest). */
const LATEST = 6;

/** Every role's landing page: its counts, each linking to the list behind it, the latest notifications and, for supervisors and the 编办, charts. */
export function WorkbenchPage() {
  const { t, label, time } = useI18n();
  const { role } = useSession();
  const orgs = useOrgs();
  const wb = useQuery(everydayQueries.workbench());
  const inbox = useQuery(everydayQueries.latestNotifications(LATEST));

  if (wb.error) return <QueryError error={wb.error} onRetry={() => void wb.refetch()} />;
  const data = wb.data;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="workbench">
      <Card title={t('workbench.title')} loading={wb.isPending} size="small">
        {role === 'admin' && (
          <Typography.Paragraph type="secondary" data-testid="workbench-admin-hint">
            {t('workbench.adminHint')}
          </Typography.Paragraph>
        )}
        <Row gutter={[16, 16]}>
          {data?.tiles.map((tile) => (
            <Col key={tile.key} xs={12} sm={8} md={6} xl={4}>
              <Link
                to={TILE_LINKS[tile.key](role)}
                reloadDocument={SERVER_PAGES.includes(tile.key)}
                data-testid={`tile-${tile.key}`}
                data-count={tile.count}
              >
                <Card hoverable size="small">
                  <Statistic
                    title={t(`workbench.tile.${tile.key}` as MessageKey)}
                    value={tile.count}
                    valueStyle={
                      ALARMING.includes(tile.key) && tile.count > 0 ? { color: '#cf1322' } : undefined
                    }
                  />
                </Card>
              </Link>
            </Col>
          ))}
        </Row>
      </Card>
      {data?.overdueByOrg && data.decisionsByMonth && (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={12}>
            <Card title={t('workbench.chart.overdueByOrg')} size="small" data-testid="chart-overdue">
              {data.overdueByOrg.length === 0 ? (
                <Typography.Text type="secondary">{t('workbench.chart.noOverdue')}</Typography.Text>
              ) : (
                <Suspense fallback={null}>
                  <OverdueByOrgChart rows={data.overdueByOrg} name={(c) => orgs.name(c)} />
                </Suspense>
              )}
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card title={t('workbench.chart.decisions')} size="small" data-testid="chart-decisions">
              <Suspense fallback={null}>
                <DecisionsChart rows={data.decisionsByMonth} outcomeName={(o) => label('outcome', o)} />
              </Suspense>
            </Card>
          </Col>
        </Row>
      )}
      <Card
        title={t('workbench.latest')}
        size="small"
        extra={<Link to="/inbox">{t('workbench.allNotifications')}</Link>}
      >
        {inbox.error ? (
          <QueryError error={inbox.error} onRetry={() => void inbox.refetch()} />
        ) : (
          <List
            size="small"
            loading={inbox.isPending}
            dataSource={inbox.data?.items ?? []}
            data-testid="workbench-latest"
            renderItem={(n) => {
              // The street of the task, or the organisation whose webhook failed (the admin's notices).
              const party = [n.payload.streetCode, n.payload.webhookOrgCode].find(
                (c) => typeof c === 'string',
              ) as string | undefined;
              const title = n.task?.title ?? null;
              return (
                <List.Item>
                  <Space wrap>
                    <Badge status={n.readAt ? 'default' : 'processing'} />
                    {n.assignmentId ? (
                      <Link to={`/assignments/${n.assignmentId}`}>{label('notif', n.kind)}</Link>
                    ) : (
                      label('notif', n.kind)
                    )}
                    {title && <Typography.Text>{title}</Typography.Text>}
                    {party && <Typography.Text type="secondary">{orgs.name(party)}</Typography.Text>}
                    <Typography.Text type="secondary">{time(n.createdAt)}</Typography.Text>
                  </Space>
                </List.Item>
              );
            }}
          />
        )}
      </Card>
    </Space>
  );
}
