import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { DEADLINE_KINDS } from '@app/domain';
import { SupervisionService } from '@app/workflow';
import { Roles } from '../http/auth';
import { PageQuery } from '../tasks/list-query.dto';

/**
 * API.md names `summons` among the kinds; summons (吹哨报到) have no deadlines yet, so that filter
 * is accepted and simply finds none.
 */
const BOARD_KINDS = [...DEADLINE_KINDS, 'summons'] as const;

class OverdueQuery extends PageQuery {
  @IsOptional()
  @IsIn(BOARD_KINDS)
  kind?: (typeof BOARD_KINDS)[number];

  @IsOptional()
  @IsString()
  @MaxLength(16)
  orgCode?: string;
}

@ApiTags('supervision')
@ApiBearerAuth()
@Controller('supervision')
export class SupervisionController {
  constructor(private readonly supervision: SupervisionService) {}

  @Roles('supervisor', 'reviewer', 'admin')
  @Get('overdue')
  overdue(@Query() q: OverdueQuery) {
    return this.supervision.overdue(q);
  }
}
