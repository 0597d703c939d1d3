import { getQueueToken } from '@nestjs/bullmq';
import { Controller, Get } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiTags } from '@nestjs/swagger';
import type { Queue } from 'bullmq';
import type { Workbench } from '@app/contract';
import { QUEUES } from '@app/queue';
import { WorkbenchService, type Actor } from '@app/workflow';
import { ALL_ROLES, CurrentActor, Roles } from '../http/auth';

@ApiTags('workbench')
@Controller('workbench')
export class WorkbenchController {
  private readonly queues: Queue[];

  constructor(
    private readonly workbench: WorkbenchService,
    moduleRef: ModuleRef,
  ) {
    this.queues = Object.values(QUEUES).map((name) =>
      moduleRef.get<Queue>(getQueueToken(name), { strict: false }),
    );
  }

  /**
   * The signed-in role's workbench: its counts and, for supervisors and the organisation office,
   * charts; the administrators' also counts the queues' failed jobs (read here, where the queues are).
   */
  @Roles(...ALL_ROLES)
  @Get()
  get(@CurrentActor() actor: Actor): Promise<Workbench> {
    return this.workbench.of(actor, {
      failedJobs: async () =>
        (
          await Promise.all(this.queues.map(async (q) => (await q.getJobCounts('failed')).failed ?? 0))
        ).reduce((a, b) => a + b, 0),
    });
  }
}
