import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { DEADLINE_KINDS, type DeadlineKind } from '@app/domain';
import { SupervisionService } from '@app/workflow';
import { Roles } from '../http/auth';
import { PageQuery } from '../tasks/list-query.dto';

class OverdueQuery extends PageQuery {
  @IsOptional()
  @IsIn(DEADLINE_KINDS)
  kind?: DeadlineKind;

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
