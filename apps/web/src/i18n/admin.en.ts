import type { adminZhCN } from './admin.zh-CN';

/** The system administration's workbench tiles and inbox notices, in English. */
export const adminEn: Record<keyof typeof adminZhCN, string> = {
  'workbench.tile.pausedWebhooks': 'Paused webhooks',
  'workbench.tile.calendarGaps': 'Years without holiday data',
  'workbench.tile.activeUsers': 'Active accounts',
  'workbench.tile.failedJobs': 'Failed jobs',
  'workbench.adminHint':
    "System administration: deliveries, calendar, accounts and queues; the organisation office's messages are not here.",
  'notif.webhook.failed': 'Webhook delivery failed',
  'inbox.kind.webhook': 'Webhooks',
};
