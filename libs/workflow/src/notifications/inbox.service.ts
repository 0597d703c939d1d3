import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, validationError } from '@app/domain';
import { decodeCursor, encodeCursor, NotificationRepository } from '@app/persistence';
import type { Actor } from '../actor';

/** The in-app inbox: what happened that the actor's organisation cares about. */
@Injectable()
export class InboxService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly notifications: NotificationRepository,
  ) {}

  async list(actor: Actor, q: { unread?: boolean; cursor?: string; limit: number }) {
    const cursor = q.cursor ? decodeCursor(q.cursor) : undefined;
    if (cursor === null) throw validationError([{ field: 'cursor', reason: 'bad_cursor' }]);
    const rows = await this.notifications.list(this.dataSource.manager, actor.orgCode, {
      unread: q.unread,
      cursor,
      limit: q.limit,
    });
    const more = rows.length > q.limit;
    const items = more ? rows.slice(0, q.limit) : rows;
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: more && last ? encodeCursor(last.createdAt, last.id) : null,
      unread: await this.notifications.unreadCount(this.dataSource.manager, actor.orgCode),
    };
  }

  async markRead(actor: Actor, id: string) {
    if (
      !/^[0-9a-f-]{36}$/i.test(id) ||
      !(await this.notifications.exists(this.dataSource.manager, actor.orgCode, id))
    )
      throw new DomainError('NOT_FOUND');
    await this.notifications.markRead(this.dataSource.manager, actor.orgCode, id);
    return { id, read: true };
  }

  async markAllRead(actor: Actor) {
    return { marked: await this.notifications.markRead(this.dataSource.manager, actor.orgCode) };
  }
}
