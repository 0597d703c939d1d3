import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ReviewerDeskService, ReviewService, type Actor } from '@app/workflow';
import { ArbitrationDto, ReviewDecisionDto } from '../assignments/transition.dto';
import { CurrentActor, Roles } from '../http/auth';
import { IdParam } from '../http/params';
import { PageQuery } from '../tasks/list-query.dto';

class ReviewQuery extends PageQuery {
  @IsOptional()
  @IsIn(['open', 'all'])
  state: 'open' | 'all' = 'open';
}

class DisputeQuery extends PageQuery {
  @IsOptional()
  @IsIn(['open', 'decided'])
  state?: 'open' | 'decided';
}

/** The organisation office's desk: admission reviews and dispute arbitration. */
@ApiTags('reviews and disputes')
@ApiBearerAuth()
@Controller()
export class ReviewsController {
  constructor(
    private readonly reviews: ReviewService,
    private readonly desk: ReviewerDeskService,
  ) {}

  @Roles('reviewer', 'supervisor')
  @Get('reviews')
  list(@Query() q: ReviewQuery) {
    return this.reviews.reviews(q);
  }

  @Roles('reviewer')
  @Post('reviews/:assignmentId/decide')
  @HttpCode(200)
  decide(@CurrentActor() actor: Actor, @IdParam('assignmentId') id: string, @Body() dto: ReviewDecisionDto) {
    return this.desk.review(actor, id, dto);
  }

  @Roles('reviewer', 'supervisor')
  @Get('disputes')
  disputes(@Query() q: DisputeQuery) {
    return this.reviews.disputes(q);
  }

  @Roles('reviewer')
  @Post('disputes/:id/decide')
  @HttpCode(200)
  arbitrate(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: ArbitrationDto) {
    return this.desk.arbitrate(actor, id, dto);
  }
}
