import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Inbox, ReadAllResult, ReadResult } from '@app/contract';
import { DomainError, isUuid } from '@app/domain';
import { NotificationRepository, pageOf } from '@app/persistence';
import { parseCursor } from '../pagination';
import type { Actor } from '../actor';

/** The in-app inbox: what happened that the actor's organisation cares about. */
@Injectable()
export class InboxService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly notifications: NotificationRepository,
  ) {}

  async list(
    actor: Actor,
    q: { unread?: boolean; kind?: string; cursor?: string; limit: number },
  ): Promise<Inbox> {
    const tx = this.dataSource.manager;
    const { rows, unread } = await this.notifications.list(tx, actor.orgCode, {
      unread: q.unread,
      kind: q.kind,
      cursor: parseCursor(q.cursor),
      limit: q.limit,
    });
    return { ...pageOf(rows, q.limit), unread };
  }

  async markRead(actor: Actor, id: string): Promise<ReadResult> {
    if (!isUuid(id) || !(await this.notifications.exists(this.dataSource.manager, actor.orgCode, id)))
      throw new DomainError('NOT_FOUND');
    await this.notifications.markRead(this.dataSource.manager, actor.orgCode, id);
    return { id, read: true };
  }

  async markAllRead(actor: Actor): Promise<ReadAllResult> {
    return { marked: await this.notifications.markRead(this.dataSource.manager, actor.orgCode) };
  }
}
