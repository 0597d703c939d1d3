import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DisputePage, ReviewPage } from '@app/contract';
import { CaseRepository, pageOf } from '@app/persistence';
import { parseCursor } from '../pagination';

/** The reviewer's desk: off-list assignments awaiting admission review (with suggested matters) and disputes. */
@Injectable()
export class ReviewService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CaseRepository,
  ) {}

  async reviews(q: { state: 'open' | 'all'; cursor?: string; limit: number }): Promise<ReviewPage> {
    return pageOf(
      await this.cases.reviewQueue(this.dataSource.manager, {
        open: q.state === 'open',
        cursor: parseCursor(q.cursor),
        limit: q.limit,
      }),
      q.limit,
    );
  }

  async disputes(q: { state?: 'open' | 'decided'; cursor?: string; limit: number }): Promise<DisputePage> {
    return pageOf(
      await this.cases.disputes(this.dataSource.manager, {
        state: q.state,
        cursor: parseCursor(q.cursor),
        limit: q.limit,
      }),
      q.limit,
    );
  }
}
