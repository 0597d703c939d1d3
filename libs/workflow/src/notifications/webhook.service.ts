import { createHmac, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { DomainError, isUuid, validationError } from '@app/domain';
import { NotificationRepository, OrganisationRepository } from '@app/persistence';

export const SIGNATURE_HEADER = 'x-dutygate-signature';

/** `sha256=<hex HMAC-SHA256 of the raw body>`, the way receivers verify a delivery came from us. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Outgoing webhooks per organisation: registration (admin) and delivery (worker). */
@Injectable()
export class WebhookService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly notifications: NotificationRepository,
    private readonly orgs: OrganisationRepository,
    private readonly config: AppConfig,
  ) {}

  /** Registers a webhook; the secret is returned once, here, and never again. */
  async create(orgCode: string, url: string) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(url);
    } catch {
      /* reported below */
    }
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol))
      throw validationError([{ field: 'url', reason: 'matches' }]);
    if (!(await this.orgs.find(this.dataSource.manager, orgCode)))
      throw validationError([{ field: 'orgCode', reason: 'unknown_org' }]);
    const secret = randomBytes(24).toString('base64url');
    const row = await this.notifications.createWebhook(this.dataSource.manager, orgCode, url, secret);
    return { ...row, secret };
  }

  list(orgCode?: string) {
    return this.notifications.webhooks(this.dataSource.manager, orgCode);
  }

  async setActive(id: string, active: boolean) {
    // A malformed id is unknown (404), not a database error (500).
    if (!isUuid(id) || !(await this.notifications.setWebhookActive(this.dataSource.manager, id, active)))
      throw new DomainError('NOT_FOUND');
    return { id, active };
  }

  /** The delivery log of one webhook, newest first; an unknown webhook is 404, not an empty log. */
  async deliveries(id: string, limit = 100) {
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
      return 'skipped';
    }
    const body = JSON.stringify({ deliveryId, attempt, notification: d.notification });
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(d.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signBody(d.secret, body),
          'x-dutygate-delivery': deliveryId,
        },
        body,
        signal: AbortSignal.timeout(this.config.WEBHOOK_TIMEOUT_MS),
        redirect: 'manual',
      });
      status = res.status;
      // The receiver's answer is not used; drop it so the connection is released at once.
      await res.body?.cancel();
      if (!res.ok) error = `HTTP ${res.status}`;
    } catch (e) {
      error = (e as Error).message;
    }
    const ok = error === null;
    await this.notifications.recordAttempt(this.dataSource.manager, deliveryId, {
      ok,
      final: !ok && attempt >= maxAttempts,
      status,
      error,
    });
    if (!ok) throw new Error(`webhook delivery ${deliveryId} failed: ${error}`);
    return 'delivered';
  }
}
