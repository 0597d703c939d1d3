import type { Clock } from '@app/domain';
import type { Notification, Webhook, WebhookDelivery } from '@app/contract';
import type { Cursor } from '../pagination';
import { bind, isoTime, keysetPage, pageWithExtra, type Params } from '../sql';
import { updateReturning, type Tx } from '../tx';

export interface NewNotification {
  orgCode: string;
  kind: string;
  assignmentId: string | null;
  payload: Record<string, unknown>;
}

/** Notifications and webhooks as the API returns them (libs/contract). */
export type NotificationRow = Notification;

export type WebhookRow = Webhook;

export interface DeliveryToSend {
  id: string;
  state: 'pending' | 'delivered' | 'failed';
  active: boolean;
  url: string;
  secret: string;
  notification: NotificationRow;
}

const NOTIFICATION_COLUMNS = `n.id, n.org_code AS "orgCode", n.kind, n.assignment_id AS "assignmentId", n.payload,
  ${isoTime('n.created_at')} AS "createdAt", ${isoTime('n.read_at')} AS "readAt"`;

/** The kind of the notification a webhook's test delivery carries (read at once, kept out of the inbox). */
export const TEST_KIND = 'webhook.test';

/**
 * The first instant of the UTC month before `at`'s, as ISO text: the inbox's first statement reads
 * from there on (the month partitions are UTC months).
 */
export const recentMonthsFrom = (at: Date): string =>
  new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - 1, 1)).toISOString();

/**
 * The organisation's unread notifications (`org`: a bound parameter or column), as column `as`:
 * the sum of its partial counts in `notification_unread` (migration UnreadTally), not a scan.
 */
export const unreadCount = (org: string, as: string): string =>
  `SELECT coalesce(sum(n), 0)::text AS ${as} FROM notification_unread WHERE org_code = ${org}`;

/** The in-app inbox of each organisation, and the outgoing webhooks that mirror it. */
export class NotificationRepository {
  constructor(private readonly clock: Clock) {}

  /**
   * Adds notifications and, in the same statement, a pending delivery for every active webhook of
   * each recipient organisation; returns the delivery ids to enqueue.
   */
  async add(tx: Tx, items: NewNotification[]): Promise<string[]> {
    if (items.length === 0) return [];
    const rows: { id: string }[] = await tx.query(
      `WITH n AS (
         INSERT INTO notification (org_code, kind, assignment_id, payload, created_at)
         SELECT *, $5::timestamptz FROM unnest($1::text[], $2::text[], $3::uuid[], $4::jsonb[]) RETURNING id, org_code)
       INSERT INTO webhook_delivery (webhook_id, notification_id, state, created_at)
       SELECT w.id, n.id, 'pending', $5 FROM n JOIN webhook w ON w.org_code = n.org_code AND w.active
       RETURNING id`,
      [
        items.map((i) => i.orgCode),
        items.map((i) => i.kind),
        items.map((i) => i.assignmentId),
        items.map((i) => JSON.stringify(i.payload)),
        this.clock.now(),
      ],
    );
    return rows.map((r) => r.id);
  }

  /**
   * One page of the organisation's inbox, newest first, and its unread count.
   *
   * The table is partitioned by month and the page's order (`created_at`) is the partition key,
   * but the organisation is not: a page read across every month opens each month's index (a
   * Merge Append of all the partitions, 18 for a year with the months created ahead), and more
   * every month a deployment runs. So the page is read from the month before the page's start
   * onwards first — the time as a literal, so that the plan holds only those months — with the
   * unread count (the sum of a few rows of the tally, `unreadCount`) in the same statement, and
   * only when those months do not fill the page are the older ones read for the rest (an
   * organisation with little news).
   */
  async list(
    tx: Tx,
    orgCode: string,
    f: { unread?: boolean; kind?: string; cursor?: Cursor; limit: number },
  ): Promise<{ rows: NotificationRow[]; unread: number }> {
    const since = recentMonthsFrom(f.cursor ? new Date(f.cursor.at) : this.clock.now());
    const recent = this.page(orgCode, f, `n.created_at >= '${since}'::timestamptz`, f.limit);
    const { rows, extra } = await pageWithExtra<NotificationRow>(
      tx,
      {
        page: recent.sql,
        extra: unreadCount('$1', 'extra'),
        // createdAt is the ISO text of created_at (UTC, microseconds): its text order is its time order.
        orderBy: 'p."createdAt" DESC, p.id DESC',
        key: 'id',
      },
      recent.params,
    );
    if (rows.length <= f.limit) {
      const older = this.page(orgCode, f, `n.created_at < '${since}'::timestamptz`, f.limit - rows.length);
      rows.push(...((await tx.query(older.sql, older.params)) as NotificationRow[]));
    }
    return { rows, unread: Number(extra) };
  }

  /** The inbox's page statement over the months `months` selects, `limit` rows (and one more). */
  private page(
    orgCode: string,
    f: { unread?: boolean; kind?: string; cursor?: Cursor },
    months: string,
    limit: number,
  ): { sql: string; params: Params } {
    const params: Params = [orgCode];
    // A webhook's test delivery rides on a notification of its own, which is no news for the inbox.
    const conds = ['n.org_code = $1', `n.kind <> '${TEST_KIND}'`, months];
    if (f.unread) conds.push('n.read_at IS NULL');
    if (f.kind) {
      const k = bind(params, f.kind);
      conds.push(`(n.kind = ${k} OR n.kind LIKE ${k} || '.%')`);
    }
    const page = keysetPage({ time: 'n.created_at', id: 'n.id' }, { cursor: f.cursor, limit }, params);
    // The task named by the assignment, or by the payload's taskId (written by DutyGate itself).
    return {
      sql: `SELECT ${NOTIFICATION_COLUMNS},
              CASE WHEN t.id IS NULL THEN NULL ELSE jsonb_build_object('id', t.id, 'title', t.title,
                'submitterCode', t.submitter_code, 'streetCode', coalesce(a.street_code, n.payload->>'streetCode')) END AS task
         FROM notification n
         LEFT JOIN assignment a ON a.id = n.assignment_id
         LEFT JOIN task t ON t.id = coalesce(a.task_id,
           CASE WHEN n.payload->>'taskId' ~ '^[0-9a-fA-F-]{36}$' THEN (n.payload->>'taskId')::uuid END)
        WHERE ${[...conds, page.after].join(' AND ')} ${page.orderLimit}`,
      params,
    };
  }

  /** Marks one (or, without an id, every) unread notification of the organisation read; returns how many changed. */
  async markRead(tx: Tx, orgCode: string, id?: string): Promise<number> {
    const rows = await updateReturning<{ id: string }>(
      tx,
      `UPDATE notification SET read_at = $3 WHERE org_code = $1 AND read_at IS NULL AND ($2::uuid IS NULL OR id = $2) RETURNING id`,
      [orgCode, id ?? null, this.clock.now()],
    );
    return rows.length;
  }

  async exists(tx: Tx, orgCode: string, id: string): Promise<boolean> {
    return (
      (await tx.query(`SELECT 1 FROM notification WHERE org_code = $1 AND id = $2`, [orgCode, id])).length > 0
    );
  }

  async orgsWithRole(tx: Tx, role: string): Promise<string[]> {
    const rows: { org: string }[] = await tx.query(
      `SELECT DISTINCT org_code AS org FROM app_user WHERE $1 = ANY(roles) AND active ORDER BY org_code`,
      [role],
    );
    return rows.map((r) => r.org);
  }

  async createWebhook(tx: Tx, orgCode: string, url: string, secret: string): Promise<WebhookRow> {
    const rows = await tx.query(
      `INSERT INTO webhook (org_code, url, secret, created_at) VALUES ($1, $2, $3, $4)
       RETURNING id, org_code AS "orgCode", url, active, ${isoTime('created_at')} AS "createdAt"`,
      [orgCode, url, secret, this.clock.now()],
    );
    return rows[0];
  }

  webhooks(tx: Tx, orgCode?: string): Promise<WebhookRow[]> {
    return tx.query(
      `SELECT id, org_code AS "orgCode", url, active, ${isoTime('created_at')} AS "createdAt" FROM webhook
        WHERE $1::text IS NULL OR org_code = $1 ORDER BY created_at DESC`,
      [orgCode ?? null],
    );
  }

  async webhookExists(tx: Tx, id: string): Promise<boolean> {
    return (await tx.query(`SELECT 1 FROM webhook WHERE id = $1`, [id])).length > 0;
  }

  /** One webhook with its row locked until the transaction ends; null when unknown. */
  async lockWebhook(tx: Tx, id: string): Promise<WebhookRow | null> {
    const rows = await tx.query(
      `SELECT id, org_code AS "orgCode", url, active, ${isoTime('created_at')} AS "createdAt"
         FROM webhook WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0] ?? null;
  }

  async setWebhookActive(tx: Tx, id: string, active: boolean): Promise<boolean> {
    return (
      (await updateReturning(tx, `UPDATE webhook SET active = $2 WHERE id = $1 RETURNING id`, [id, active]))
        .length > 0
    );
  }

  /** Points a webhook elsewhere; false when unknown. */
  async setWebhookUrl(tx: Tx, id: string, url: string): Promise<boolean> {
    return (
      (await updateReturning(tx, `UPDATE webhook SET url = $2 WHERE id = $1 RETURNING id`, [id, url]))
        .length > 0
    );
  }

  /** Removes a webhook and its delivery log; false when unknown. A queued delivery then finds nothing to send. */
  async deleteWebhook(tx: Tx, id: string): Promise<boolean> {
    await tx.query(`DELETE FROM webhook_delivery WHERE webhook_id = $1`, [id]);
    return (await updateReturning(tx, `DELETE FROM webhook WHERE id = $1 RETURNING id`, [id])).length > 0;
  }

  /**
   * A test delivery to one webhook: a notification of TEST_KIND for its organisation (already read)
   * and a pending delivery to this webhook only, sent by the same job as any other. Null when the
   * webhook is unknown.
   */
  async addTestDelivery(tx: Tx, webhookId: string): Promise<string | null> {
    const rows: { id: string }[] = await tx.query(
      `WITH w AS (SELECT id, org_code FROM webhook WHERE id = $1),
       n AS (INSERT INTO notification (org_code, kind, assignment_id, payload, created_at, read_at)
             SELECT org_code, '${TEST_KIND}', NULL, jsonb_build_object('test', true, 'webhookId', id), $2, $2 FROM w RETURNING id)
       INSERT INTO webhook_delivery (webhook_id, notification_id, state, created_at)
       SELECT w.id, n.id, 'pending', $2 FROM w, n RETURNING id`,
      [webhookId, this.clock.now()],
    );
    return rows[0]?.id ?? null;
  }

  deliveries(tx: Tx, webhookId: string, limit: number): Promise<WebhookDelivery[]> {
    return tx.query(
      `SELECT d.id, d.notification_id AS "notificationId", n.kind, d.state, d.attempts, d.response_status AS "responseStatus",
              d.last_error AS "lastError", ${isoTime('d.created_at')} AS "createdAt", ${isoTime('d.delivered_at')} AS "deliveredAt"
         FROM webhook_delivery d JOIN notification n ON n.id = d.notification_id
        WHERE d.webhook_id = $1 ORDER BY d.created_at DESC LIMIT $2`,
      [webhookId, limit],
    );
  }

  async deliveryToSend(tx: Tx, id: string): Promise<DeliveryToSend | null> {
    const rows = await tx.query(
      `SELECT d.id, d.state, w.url, w.secret, w.active, row_to_json(x) AS notification
         FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id
         JOIN LATERAL (SELECT ${NOTIFICATION_COLUMNS} FROM notification n WHERE n.id = d.notification_id) x ON TRUE
        WHERE d.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /**
   * Deliveries still pending after `olderThanMs`, oldest first: each should have a job in BullMQ
   * (queued, running or waiting to retry); the relay's sweep re-sends those Redis lost.
   */
  async pendingDeliveries(tx: Tx, olderThanMs: number, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await tx.query(
      `SELECT id FROM webhook_delivery WHERE state = 'pending' AND created_at < $1 ORDER BY created_at LIMIT $2`,
      [new Date(this.clock.now().getTime() - olderThanMs), limit],
    );
    return rows.map((r) => r.id);
  }

  /**
   * A delivery that failed for good: its webhook, the webhook's organisation, the kind of the
   * notification it carried and the last error (for the administrators' notice). Null otherwise.
   * Locks the webhook's row, so two deliveries failing at once write one notice, not two.
   */
  async failedDelivery(
    tx: Tx,
    id: string,
  ): Promise<{
    webhookId: string;
    orgCode: string;
    kind: string;
    attempts: number;
    lastError: string | null;
  } | null> {
    const rows = await tx.query(
      `SELECT w.id AS "webhookId", w.org_code AS "orgCode", n.kind, d.attempts, d.last_error AS "lastError"
         FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id JOIN notification n ON n.id = d.notification_id
        WHERE d.id = $1 AND d.state = 'failed'
          FOR UPDATE OF w`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Of `orgCodes`, those with an unread notification of `kind` about one webhook (`payload.webhookId`). */
  async unreadAboutWebhook(
    tx: Tx,
    orgCodes: string[],
    kind: string,
    webhookId: string,
  ): Promise<Set<string>> {
    const rows: { org: string }[] = await tx.query(
      `SELECT DISTINCT org_code AS org FROM notification
        WHERE org_code = ANY($1::text[]) AND kind = $2 AND read_at IS NULL AND payload->>'webhookId' = $3`,
      [orgCodes, kind, webhookId],
    );
    return new Set(rows.map((r) => r.org));
  }

  /** Records one delivery attempt; a delivered or finally failed delivery is not touched again. */
  async recordAttempt(
    tx: Tx,
    id: string,
    r: { ok: boolean; final: boolean; status: number | null; error: string | null },
  ): Promise<void> {
    await tx.query(
      `UPDATE webhook_delivery SET attempts = attempts + 1, response_status = $2, last_error = $3,
         state = CASE WHEN $4 THEN 'delivered' WHEN $5 THEN 'failed' ELSE 'pending' END,
         delivered_at = CASE WHEN $4 THEN $6::timestamptz END
        WHERE id = $1 AND state = 'pending'`,
      [id, r.status, r.error, r.ok, r.final, this.clock.now()],
    );
  }
}
