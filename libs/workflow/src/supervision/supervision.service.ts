import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { validationError, type Clock, type DeadlineKind } from '@app/domain';
import { DeadlineRepository } from '@app/persistence';
import { CLOCK } from '../tokens';

const encode = (dueAt: string, id: string) => Buffer.from(`${dueAt}|${id}`).toString('base64url');
function decode(cursor: string): { dueAt: string; id: string } {
  const [dueAt, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!/^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(dueAt ?? '') || !/^[0-9a-f-]{36}$/.test(id ?? ''))
    throw validationError([{ field: 'cursor', reason: 'bad_cursor' }]);
  return { dueAt, id };
}

/** The supervisors' overdue board: open deadlines past due, computed when asked, never stored as counters. */
@Injectable()
export class SupervisionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly deadlines: DeadlineRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async overdue(q: { kind?: DeadlineKind | 'summons'; orgCode?: string; cursor?: string; limit: number }) {
    const now = this.clock.now();
    const tx = this.dataSource.manager;
    const rows = await this.deadlines.overdue(tx, now, {
      kind: q.kind,
      orgCode: q.orgCode,
      cursor: q.cursor ? decode(q.cursor) : undefined,
      limit: q.limit,
    });
    const more = rows.length > q.limit;
    const items = more ? rows.slice(0, q.limit) : rows;
    const last = items[items.length - 1];
    return {
      asOf: now.toISOString(),
      items,
      nextCursor: more && last ? encode(last.dueAt, last.deadlineId) : null,
      counts: await this.deadlines.overdueCounts(tx, now, { kind: q.kind, orgCode: q.orgCode }),
    };
  }
}
