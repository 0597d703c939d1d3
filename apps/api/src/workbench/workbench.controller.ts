import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Workbench } from '@app/contract';
import { WorkbenchService, type Actor } from '@app/workflow';
import { ALL_ROLES, CurrentActor, Roles } from '../http/auth';

@ApiTags('workbench')
@Controller('workbench')
export class WorkbenchController {
  constructor(private readonly workbench: WorkbenchService) {}

  /** The signed-in role's workbench: its counts and, for supervisors and the organisation office, charts. */
  @Roles(...ALL_ROLES)
  @Get()
  get(@CurrentActor() actor: Actor): Promise<Workbench> {
    return this.workbench.of(actor);
  }
}
