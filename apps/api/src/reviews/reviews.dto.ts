import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { DisputeListParams, DisputeState, ReviewListParams } from '@app/contract';
import { PageQuery } from '../tasks/list-query.dto';

export class ReviewQuery extends PageQuery implements ReviewListParams {
  @ApiPropertyOptional({ enum: ['open', 'all'], default: 'open' })
  @IsOptional()
  @IsIn(['open', 'all'])
  state: 'open' | 'all' = 'open';
}

export class DisputeQuery extends PageQuery implements DisputeListParams {
  @IsOptional()
  @IsIn(['open', 'decided'])
  state?: DisputeState;
}
