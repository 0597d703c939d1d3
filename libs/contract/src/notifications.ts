import type { PageParams } from './common';

/** An entry of an organisation's inbox. */
export class Notification {
  id!: string;
  orgCode!: string;
  /** `assignment.routed`, `deadline.urge`, `extension.approved` … */
  kind!: string;
  assignmentId!: string | null;
  payload!: Record<string, unknown>;
  createdAt!: string;
  readAt!: string | null;
  /** The task it is about, so the inbox reads without a request per line (inbox only; null for none). */
  task?: NotificationTask | null;
}

/** The task a notification is about and its two parties. */
export class NotificationTask {
  id!: string;
  title!: string;
  /** The submitting department. */
  submitterCode!: string;
  /** The street of the assignment, when the notification is about one. */
  streetCode!: string | null;
}

/** `GET /api/notifications`. */
export class Inbox {
  items!: Notification[];
  nextCursor!: string | null;
  /** Unread notifications of the organisation, whatever the filter. */
  unread!: number;
}

export interface InboxParams extends PageParams {
  unread?: boolean;
  /** A kind (`review.refused`) or a family of kinds (`deadline`: every `deadline.*`). */
  kind?: string;
}

export class ReadResult {
  id!: string;
  read!: boolean;
}

export class ReadAllResult {
  /** How many notifications this call marked read. */
  marked!: number;
}

/** An outgoing webhook mirroring an organisation's inbox. */
export class Webhook {
  id!: string;
  orgCode!: string;
  url!: string;
  active!: boolean;
  createdAt!: string;
}

/** `POST /api/webhooks`: the only time the signing secret is shown. */
export class NewWebhook extends Webhook {
  /** HMAC-SHA256 key of the `x-dutygate-signature` header. */
  secret!: string;
}

export interface WebhookBody {
  orgCode: string;
  /** http(s); private and loopback addresses only when WEBHOOK_ALLOWED_HOSTS allows them. */
  url: string;
}

export interface WebhookListParams {
  orgCode?: string;
}

export interface WebhookActiveBody {
  active: boolean;
}

/** `PUT /api/webhooks/{id}`: point a webhook at another URL (its organisation and secret stay). */
export interface WebhookEditBody {
  url: string;
}

/** `POST /api/webhooks/{id}/test`: the delivery queued; its outcome shows in the delivery log. */
export class WebhookTest {
  deliveryId!: string;
}

export class WebhookActivity {
  id!: string;
  active!: boolean;
}

export type DeliveryState = 'pending' | 'delivered' | 'failed';

/** One notification sent (or being sent) to a webhook. */
export class WebhookDelivery {
  id!: string;
  notificationId!: string;
  kind!: string;
  state!: DeliveryState;
  attempts!: number;
  responseStatus!: number | null;
  lastError!: string | null;
  createdAt!: string;
  deliveredAt!: string | null;
}
