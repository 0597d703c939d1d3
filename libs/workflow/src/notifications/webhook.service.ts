import { createHmac, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import type { NewWebhook, Webhook, WebhookActivity, WebhookDelivery, WebhookTest } from '@app/contract';
import { jobMessage } from '@app/queue';
import {
  checkOutboundUrl,
  DomainError,
  isUuid,
  parseAllowList,
  validationError,
  type OutboundAllowList,
} from '@app/domain';
import {
  AuditRepository,
  NotificationRepository,
  OrganisationRepository,
  OutboxRepository,
  type NewAuditEvent,
  type Tx,
} from '@app/persistence';
import { actorEvent, type Actor } from '../actor';
import { webhookDeliveries } from '../metrics/metrics';
import { NotifyService } from './notify.service';
import { OutboundRefused, post, refusedAddress, resolveHost } from './outbound-http';

export const SIGNATURE_HEADER = 'x-dutygate-signature';

/** The administrators' notice that a webhook delivery failed for good (after its retries, or refused). */
export const WEBHOOK_FAILED_KIND = 'webhook.failed';

/** `sha256=<hex HMAC-SHA256 of the raw body>`, the way receivers verify a delivery came from us. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Outgoing webhooks per organisation: registration (admin) and delivery (worker). */
@Injectable()
export class WebhookService {
  /** WEBHOOK_ALLOWED_HOSTS; a bad entry stops the API and the worker at boot. */
  private readonly allow: OutboundAllowList;

  constructor(
    private readonly dataSource: DataSource,
    private readonly notifications: NotificationRepository,
    private readonly orgs: OrganisationRepository,
    private readonly outbox: OutboxRepository,
    private readonly config: AppConfig,
    private readonly notifyService: NotifyService,
    private readonly audit: AuditRepository,
  ) {
    this.allow = parseAllowList(config.WEBHOOK_ALLOWED_HOSTS);
  }

  /**
   * Registers a webhook; the secret is returned once, here, and never again. The URL must be
   * http(s), carry no credentials, and reach only public addresses (or allowed ones): its literal
   * address, or every address its name resolves to now. Delivery checks again at each connection.
   */
  async create(actor: Actor, orgCode: string, url: string): Promise<NewWebhook> {
    await this.checkUrl(url);
    if (!(await this.orgs.find(this.dataSource.manager, orgCode)))
      throw validationError([{ field: 'orgCode', reason: 'unknown_org' }]);
    const secret = randomBytes(24).toString('base64url');
    const row = await this.dataSource.transaction(async (tx) => {
      const created = await this.notifications.createWebhook(tx, orgCode, url, secret);
      await this.audit.append(
        tx,
        [
          actorEvent(actor, 'webhook', created.id, 'webhook_registered', null, 'active', {
            orgCode,
            url: auditedUrl(url),
          }),
        ],
        { newAggregates: true },
      );
      return created;
    });
    return { ...row, secret };
  }

  /** The URL checks of registration (scheme, credentials, where it points), for a new or a changed URL. */
  private async checkUrl(url: string): Promise<void> {
    const verdict = checkOutboundUrl(url, this.allow);
    if (!verdict.ok)
      throw validationError([
        {
          field: 'url',
          reason: verdict.problem,
          params: verdict.address ? { address: verdict.address } : {},
        },
      ]);
    if (!verdict.ip && !verdict.hostAllowed) {
      const addresses = await resolveHost(verdict.host, this.config.WEBHOOK_TIMEOUT_MS);
      if (!addresses) throw validationError([{ field: 'url', reason: 'url_unresolvable' }]);
      const refused = refusedAddress(verdict.host, addresses, this.allow);
      if (refused !== null)
        throw validationError([
          { field: 'url', reason: 'url_forbidden_address', params: { address: refused } },
        ]);
    }
  }

  /** Points a webhook at another URL, checked as at registration; its secret stays (and is never shown again). */
  async setUrl(actor: Actor, id: string, url: string): Promise<Webhook> {
    if (!isUuid(id) || !(await this.notifications.webhookExists(this.dataSource.manager, id)))
      throw new DomainError('NOT_FOUND');
    await this.checkUrl(url);
    await this.changeLocked(id, async (tx, before) => {
      if (before.url === url) return null;
      await this.notifications.setWebhookUrl(tx, id, url);
      return actorEvent(actor, 'webhook', id, 'webhook_url_changed', null, null, {
        orgCode: before.orgCode,
        from: auditedUrl(before.url),
        to: auditedUrl(url),
      });
    });
    return (await this.notifications.webhooks(this.dataSource.manager)).find((w) => w.id === id)!;
  }

  /** Removes a webhook with its delivery log; its audit trail stays. */
  async remove(actor: Actor, id: string): Promise<void> {
    await this.changeLocked(id, async (tx, before) => {
      await this.notifications.deleteWebhook(tx, id);
      return actorEvent(
        actor,
        'webhook',
        id,
        'webhook_removed',
        before.active ? 'active' : 'inactive',
        null,
        {
          orgCode: before.orgCode,
          url: auditedUrl(before.url),
        },
      );
    });
  }

  /**
   * Runs a change of one webhook with its row locked (which orders its audit events), and appends
   * the event the change returns; none when the change found nothing to do. Unknown (or not a
   * UUID, which no webhook has): 404.
   */
  private async changeLocked(
    id: string,
    change: (tx: Tx, before: Webhook) => Promise<NewAuditEvent | null>,
  ): Promise<void> {
    if (!isUuid(id)) throw new DomainError('NOT_FOUND');
    await this.dataSource.transaction(async (tx) => {
      const before = await this.notifications.lockWebhook(tx, id);
      if (!before) throw new DomainError('NOT_FOUND');
      const event = await change(tx, before);
      if (event) await this.audit.append(tx, [event]);
    });
  }

  /**
   * Sends a test notification to one webhook through the usual path: a delivery row and a
   * `deliver-webhook` job through the outbox, signed and retried like any other; its outcome
   * shows in the webhook's delivery log.
   */
  async sendTest(id: string): Promise<WebhookTest> {
    if (!isUuid(id)) throw new DomainError('NOT_FOUND');
    const deliveryId = await this.dataSource.transaction(async (tx) => {
      const delivery = await this.notifications.addTestDelivery(tx, id);
      if (delivery) await this.outbox.add(tx, [jobMessage('deliver-webhook', { deliveryId: delivery })]);
      return delivery;
    });
    if (!deliveryId) throw new DomainError('NOT_FOUND');
    return { deliveryId };
  }

  list(orgCode?: string): Promise<Webhook[]> {
    return this.notifications.webhooks(this.dataSource.manager, orgCode);
  }

  /** Pauses or resumes a webhook; setting what is already so changes nothing (and records nothing). */
  async setActive(actor: Actor, id: string, active: boolean): Promise<WebhookActivity> {
    await this.changeLocked(id, async (tx, before) => {
      if (before.active === active) return null;
      await this.notifications.setWebhookActive(tx, id, active);
      return actorEvent(
        actor,
        'webhook',
        id,
        active ? 'webhook_reactivated' : 'webhook_deactivated',
        before.active ? 'active' : 'inactive',
        active ? 'active' : 'inactive',
        { orgCode: before.orgCode },
      );
    });
    return { id, active };
  }

  /** The delivery log of one webhook, newest first; an unknown webhook is 404, not an empty log. */
  async deliveries(id: string, limit = 100): Promise<WebhookDelivery[]> {
    if (!isUuid(id) || !(await this.notifications.webhookExists(this.dataSource.manager, id)))
      throw new DomainError('NOT_FOUND');
    return this.notifications.deliveries(this.dataSource.manager, id, limit);
  }

  /**
   * One delivery attempt. A non-2xx answer or a network error is recorded and thrown, so BullMQ
   * retries with backoff; the last attempt marks the delivery failed. Delivered ones are skipped.
   */
  async deliver(deliveryId: string, attempt: number, maxAttempts: number): Promise<'delivered' | 'skipped'> {
    const d = await this.notifications.deliveryToSend(this.dataSource.manager, deliveryId);
    if (!d || d.state !== 'pending') return 'skipped';
    if (!d.active) {
      // Paused by an admin: the delivery ends here rather than reaching a receiver that was turned off.
      await this.notifications.recordAttempt(this.dataSource.manager, deliveryId, {
        ok: false,
        final: true,
        status: null,
        error: 'webhook paused',
      });
      webhookDeliveries.inc({ result: 'paused' });
      return 'skipped';
    }
    // The URL is checked again: the allow-list may have changed since registration, and rows
    // written before this check existed are held to it too. A refusal is final (no retry).
    const verdict = checkOutboundUrl(d.url, this.allow);
    if (!verdict.ok) {
      await this.failForGood(deliveryId, {
        status: null,
        error: `refused: ${verdict.problem}${verdict.address ? ` (${verdict.address})` : ''}`,
      });
      webhookDeliveries.inc({ result: 'refused' });
      return 'skipped';
    }
    const body = JSON.stringify({ deliveryId, attempt, notification: d.notification });
    let status: number | null = null;
    let error: string | null = null;
    let refused = false;
    try {
      status = await post(
        verdict.url,
        {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signBody(d.secret, body),
          'x-dutygate-delivery': deliveryId,
        },
        body,
        { timeoutMs: this.config.WEBHOOK_TIMEOUT_MS, allow: this.allow },
      );
      // A redirect is an answer, not a success: following it could lead anywhere.
      if (status < 200 || status > 299)
        error =
          status >= 300 && status < 400 ? `HTTP ${status} (redirects are not followed)` : `HTTP ${status}`;
    } catch (e) {
      refused = e instanceof OutboundRefused;
      error = (e as Error).message;
    }
    if (refused) {
      // The name resolved to an address that is not permitted (DNS rebinding, or a changed record).
      await this.failForGood(deliveryId, { status: null, error });
      webhookDeliveries.inc({ result: 'refused' });
      return 'skipped';
    }
    const ok = error === null;
    if (!ok && attempt >= maxAttempts) await this.failForGood(deliveryId, { status, error });
    else
      await this.notifications.recordAttempt(this.dataSource.manager, deliveryId, {
        ok,
        final: false,
        status,
        error,
      });
    webhookDeliveries.inc({ result: ok ? 'delivered' : attempt >= maxAttempts ? 'failed' : 'retry' });
    if (!ok) throw new Error(`webhook delivery ${deliveryId} failed: ${error}`);
    return 'delivered';
  }

  /**
   * Records a delivery's last, failed attempt and tells the administrators' organisations, once per webhook
   * while the last notice is unread (a receiver that is down fails every delivery: one notice is
   * news, a hundred are noise). Notices about the administrators' own notices are not sent, so a
   * failing webhook of the system administration cannot feed itself; nor are test deliveries
   * (their outcome is in the log the admin is looking at).
   */
  private async failForGood(
    deliveryId: string,
    r: { status: number | null; error: string | null },
  ): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      // The last attempt and the notice are one change: a failed delivery always has its notice.
      await this.notifications.recordAttempt(tx, deliveryId, { ok: false, final: true, ...r });
      const failed = await this.notifications.failedDelivery(tx, deliveryId);
      if (!failed || failed.kind.startsWith('webhook.')) return;
      const admins = await this.notifyService.orgsWithRole(tx, 'admin');
      if (admins.length === 0) return;
      const told = await this.notifications.unreadAboutWebhook(
        tx,
        admins,
        WEBHOOK_FAILED_KIND,
        failed.webhookId,
      );
      await this.notifyService.notify(
        tx,
        admins
          .filter((org) => !told.has(org))
          .map((org) => ({
            orgCode: org,
            kind: WEBHOOK_FAILED_KIND,
            assignmentId: null,
            payload: {
              webhookId: failed.webhookId,
              webhookOrgCode: failed.orgCode,
              deliveryId,
              attempts: failed.attempts,
              error: failed.lastError,
            },
          })),
      );
    });
  }
}

/**
 * A webhook URL as the audit trail keeps it: scheme, host and path. A receiver's query string
 * often carries its own access token, and audit events are kept for good, so the query (and any
 * fragment) is marked as present, not copied.
 */
function auditedUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}${u.search ? '?…' : ''}`;
  } catch {
    return '(unparsable)';
  }
}
