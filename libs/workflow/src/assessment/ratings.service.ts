import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DispatchedUnitRating, DispatchedUnitRatingBody } from '@app/contract';
import { DomainError, validationError, type Clock } from '@app/domain';
import { AssessmentRepository, OrganisationRepository } from '@app/persistence';
import type { Actor } from '../actor';
import { CLOCK } from '../tokens';
import { begunPeriod } from './assessment.service';

/**
 * The streets' periodic ratings of departments' dispatched units (派驻/下沉力量): one per street,
 * department and period, changeable until that period's assessment is published.
 */
@Injectable()
export class RatingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly assessments: AssessmentRepository,
    private readonly orgs: OrganisationRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  rate(actor: Actor, body: DispatchedUnitRatingBody): Promise<DispatchedUnitRating> {
    if (actor.orgKind !== 'street') throw new DomainError('FORBIDDEN');
    const period = begunPeriod(body.period, this.clock.now());
    return this.dataSource.transaction(async (tx) => {
      const dept = await this.orgs.find(tx, body.departmentCode);
      if (!dept || dept.kind !== 'department')
        throw validationError([{ field: 'departmentCode', reason: 'unknown_department' }]);
      return this.assessments.rate(tx, {
        streetCode: actor.orgCode,
        departmentCode: dept.code,
        period: period.code,
        score: body.score,
        comment: body.comment?.trim() ? body.comment : null,
        userId: actor.userId,
      });
    });
  }

  /** The street's own ratings, newest period first. */
  mine(actor: Actor, period?: string): Promise<DispatchedUnitRating[]> {
    if (actor.orgKind !== 'street') throw new DomainError('FORBIDDEN');
    return this.assessments.ratings(this.dataSource.manager, actor.orgCode, period);
  }
}
