import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { OverdueBoard } from '@app/contract';
import { SupervisionService } from '@app/workflow';
import { Roles } from '../http/auth';
import { OverdueQuery } from './supervision.dto';

@ApiTags('supervision')
@Controller('supervision')
export class SupervisionController {
  constructor(private readonly supervision: SupervisionService) {}

  /** The overdue board: open deadlines past due, with the escalation steps fired, and counts per organisation. */
  @Roles('supervisor', 'reviewer', 'admin')
  @Get('overdue')
  overdue(@Query() q: OverdueQuery): Promise<OverdueBoard> {
    return this.supervision.overdue(q);
  }
}
