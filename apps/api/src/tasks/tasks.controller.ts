import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { validationError } from '@app/domain';
import { AssignmentWorkflowService, SubmitTaskService, TaskQueriesService, type Actor } from '@app/workflow';
import { ReasonDto } from '../assignments/transition.dto';
import { ALL_ROLES, CurrentActor, Roles } from '../http/auth';
import { TaskListQuery } from './list-query.dto';
import { ResubmitTaskDto, SubmitTaskDto } from './submit-task.dto';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(
    private readonly submitter: SubmitTaskService,
    private readonly queries: TaskQueriesService,
    private readonly workflow: AssignmentWorkflowService,
  ) {}

  @Roles('department')
  @Post()
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async submit(
    @CurrentActor() actor: Actor,
    @Body() dto: SubmitTaskDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key))
      throw validationError([{ field: 'Idempotency-Key', reason: 'matches' }]);
    const { created, task } = await this.submitter.submit(actor, dto, key);
    res.status(created ? 201 : 200);
    return task;
  }

  @Roles(...ALL_ROLES)
  @Get()
  list(@CurrentActor() actor: Actor, @Query() q: TaskListQuery) {
    return this.queries.listTasks(actor, q);
  }

  @Roles(...ALL_ROLES)
  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.queries.task(actor, id);
  }

  @Roles('department')
  @Post(':id/withdraw')
  @HttpCode(200)
  withdraw(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: ReasonDto) {
    return this.workflow.withdrawTask(actor, id, dto.reason);
  }

  /** After the reviewer returned it: edit the task and send its returned assignments to routing again. */
  @Roles('department')
  @Post(':id/resubmit')
  @HttpCode(200)
  resubmit(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: ResubmitTaskDto) {
    return this.workflow.resubmit(actor, id, dto);
  }
}
