import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { OverdueBoard, OverdueKind } from '@app/contract';
import type { Clock } from '@app/domain';
import { DeadlineRepository, pageOf } from '@app/persistence';
import { parseCursor } from '../pagination';
import { CLOCK } from '../tokens';

/**
 * The supervisors' overdue board: open deadlines past due, read when asked. Its counts come from the
 * tally of marked deadlines the database keeps per organisation and kind, corrected to the clock's
 * now (DeadlineRepository.overdueBoard), so they are exact without reading every overdue deadline.
 */
@Injectable()
export class SupervisionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly deadlines: DeadlineRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async overdue(q: {
    kind?: OverdueKind;
    orgCode?: string;
    cursor?: string;
    limit: number;
  }): Promise<OverdueBoard> {
    const now = this.clock.now();
    const { rows, counts } = await this.deadlines.overdueBoard(this.dataSource.manager, now, {
      kind: q.kind,
      orgCode: q.orgCode,
      cursor: parseCursor(q.cursor),
      limit: q.limit,
    });
    return {
      asOf: now.toISOString(),
      // The board is ordered by due time, so its cursor holds (due_at, deadline id).
      ...pageOf(rows, q.limit, (r) => ({ at: r.dueAt, id: r.deadlineId })),
      counts,
    };
  }
}
