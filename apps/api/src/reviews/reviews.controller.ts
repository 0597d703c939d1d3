import { Body, Controller, Get, Headers, HttpCode, Post, Query } from '@nestjs/common';
import { ReviewerDeskService, ReviewService, type Actor } from '@app/workflow';
import { ApiTags } from '@nestjs/swagger';
import type { AssignmentDetail, BatchResult, Dispute, DisputePage, ReviewPage } from '@app/contract';
import { BatchReviewDto } from '../assignments/batch.dto';
import { batchResult } from '../http/batch-result';
import { ArbitrationDto, ReviewDecisionDto } from '../assignments/transition.dto';
import { ApiError } from '../http/api-errors';
import { CurrentActor, Roles } from '../http/auth';
import { IdParam } from '../http/params';
import { DisputeQuery, ReviewQuery } from './reviews.dto';

/** The organisation office's desk: admission reviews and dispute arbitration. */
@ApiTags('reviews and disputes')
@Controller()
export class ReviewsController {
  constructor(
    private readonly reviews: ReviewService,
    private readonly desk: ReviewerDeskService,
  ) {}

  /** Off-list assignments awaiting admission review, each with the matters it reads most like. */
  @Roles('reviewer', 'supervisor')
  @Get('reviews')
  list(@Query() q: ReviewQuery): Promise<ReviewPage> {
    return this.reviews.reviews(q);
  }

  /**
   * Decide an admission review: admit (with a role, optionally a matter), refuse or return to the department.
   * @remarks Admitting with a matter routes the assignment again, in a new routing round.
   */
  @Roles('reviewer')
  @Post('reviews/:assignmentId/decide')
  @HttpCode(200)
  @ApiError(409, 'The assignment is not awaiting review (`STATE_CONFLICT`).')
  decide(
    @CurrentActor() actor: Actor,
    @IdParam('assignmentId') id: string,
    @Body() dto: ReviewDecisionDto,
  ): Promise<AssignmentDetail> {
    return this.desk.review(actor, id, dto);
  }

  /**
   * The same admission decision for several assignments (the streets of one task), each decided
   * on its own as by `decide`; the answer says item by item what happened.
   */
  @Roles('reviewer')
  @Post('reviews/batch-decide')
  @HttpCode(200)
  async decideMany(
    @CurrentActor() actor: Actor,
    @Body() dto: BatchReviewDto,
    @Headers('accept-language') lang?: string,
  ): Promise<BatchResult> {
    const { assignmentIds, ...decision } = dto;
    return batchResult(await this.desk.reviewMany(actor, assignmentIds, decision), lang);
  }

  /** Disputes, newest first. */
  @Roles('reviewer', 'supervisor')
  @Get('disputes')
  disputes(@Query() q: DisputeQuery): Promise<DisputePage> {
    return this.reviews.disputes(q);
  }

  /**
   * Rule on a dispute for the street or for the department.
   * @remarks For the street the assignment is rejected; for the department the sign-for clock resumes.
   */
  @Roles('reviewer')
  @Post('disputes/:id/decide')
  @HttpCode(200)
  @ApiError(409, 'The dispute was decided already (`STATE_CONFLICT`).')
  arbitrate(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: ArbitrationDto,
  ): Promise<Dispute> {
    return this.desk.arbitrate(actor, id, dto);
  }
}
