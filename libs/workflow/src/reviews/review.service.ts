import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { validationError } from '@app/domain';
import { CaseRepository, decodeCursor, encodeCursor } from '@app/persistence';

function cursorOf(cursor?: string) {
  if (!cursor) return undefined;
  const c = decodeCursor(cursor);
  if (!c) throw validationError([{ field: 'cursor', reason: 'bad_cursor' }]);
  return c;
}

function page<T extends { createdAt: string; id: string }>(rows: T[], limit: number) {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  return { items, nextCursor: more && last ? encodeCursor(last.createdAt, last.id) : null };
}

/** The reviewer's desk: off-list assignments awaiting admission review (with suggested matters) and disputes. */
@Injectable()
export class ReviewService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CaseRepository,
  ) {}

  async reviews(q: { state: 'open' | 'all'; cursor?: string; limit: number }) {
    return page(
      await this.cases.reviewQueue(this.dataSource.manager, {
        open: q.state === 'open',
        cursor: cursorOf(q.cursor),
        limit: q.limit,
      }),
      q.limit,
    );
  }

  async disputes(q: { state?: 'open' | 'decided'; cursor?: string; limit: number }) {
    return page(
      await this.cases.disputes(this.dataSource.manager, {
        state: q.state,
        cursor: cursorOf(q.cursor),
        limit: q.limit,
      }),
      q.limit,
    );
  }
}
