import { Injectable } from '@nestjs/common';
import { NotificationRepository, OutboxRepository, type NewNotification, type Tx } from '@app/persistence';
import { jobMessage } from '@app/queue';

/**
 * Role-holding organisations change only when users do; a minute of staleness is harmless. The age
 * is measured on the monotonic process timer, not the domain clock: it is how long ago this
 * process read the database, which a test moving the clock by a week must not turn stale.
 */
const ROLE_ORGS_TTL_MS = 60_000;

/**
 * Writes in-app notifications inside the caller's transaction, with a webhook delivery job in
 * the outbox for every active webhook of the recipient — so a rolled-back change notifies no one.
 */
@Injectable()
export class NotifyService {
  private roleOrgs = new Map<string, { orgs: string[]; at: number }>();

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly outbox: OutboxRepository,
  ) {}

  async notify(tx: Tx, items: NewNotification[]): Promise<void> {
    const deliveries = await this.notifications.add(tx, items);
    await this.outbox.add(
      tx,
      deliveries.map((deliveryId) => jobMessage('deliver-webhook', { deliveryId })),
    );
  }

  /**
   * Organisations whose users hold a role (the reviewers' 编办, the supervisors' 督查室, the
   * administrators' system administration).
   */
  async orgsWithRole(tx: Tx, role: 'reviewer' | 'supervisor' | 'admin'): Promise<string[]> {
    const hit = this.roleOrgs.get(role);
    if (hit && performance.now() - hit.at < ROLE_ORGS_TTL_MS) return hit.orgs;
    const orgs = await this.notifications.orgsWithRole(tx, role);
    this.roleOrgs.set(role, { orgs, at: performance.now() });
    return orgs;
  }

  /** The organisation that owns review and arbitration deadlines. */
  async reviewerOrg(tx: Tx): Promise<string> {
    const [org] = await this.orgsWithRole(tx, 'reviewer');
    if (!org) throw new Error('no organisation has a reviewer: seed or create one');
    return org;
  }
}
