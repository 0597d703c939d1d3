import {
  Body,
  Controller,
  createParamDecorator,
  Get,
  Headers,
  HttpCode,
  Post,
  Query,
  Res,
  type ExecutionContext,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError, validationError, type ErrorDetail } from '@app/domain';
import {
  DepartmentDeskService,
  SubmitTaskService,
  TaskQueriesService,
  type Actor,
  type SubmitTaskCommand,
} from '@app/workflow';
import { ReasonDto } from '../assignments/transition.dto';
import { ALL_ROLES, CurrentActor, Roles } from '../http/auth';
import { IdParam } from '../http/params';
import { validationPipe } from '../http/validation';
import { TaskListQuery } from './list-query.dto';
import { ResubmitTaskDto, SubmitTaskDto } from './submit-task.dto';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;

/** The parsed JSON body as it came (a custom parameter: the global pipe passes it through untouched). */
const RawBody = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): unknown => ctx.switchToHttp().getRequest<{ body?: unknown }>().body,
);

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(
    private readonly submitter: SubmitTaskService,
    private readonly queries: TaskQueriesService,
    private readonly department: DepartmentDeskService,
  ) {}

  @Roles('department')
  @Post()
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiBody({ type: SubmitTaskDto })
  async submit(
    @CurrentActor() actor: Actor,
    // Taken raw so that the global pipe leaves it alone: `validate` below runs the same pipe on it
    // and adds the service's semantic checks, so one 400 names every bad field.
    @RawBody() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const dto = await this.validate(body, key);
    const { created, task } = await this.submitter.submit(actor, dto, key);
    res.status(created ? 201 : 200);
    return task;
  }

  /**
   * The DTO's structural checks, and when they fail, the service's semantic checks (codes, list,
   * deadline) on the fields that passed them: one 400 names every bad field (API.md).
   */
  private async validate(body: unknown, key: string | undefined): Promise<SubmitTaskDto> {
    const bad: ErrorDetail[] = [];
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key))
      bad.push({ field: 'Idempotency-Key', reason: 'matches' });
    let dto: SubmitTaskDto | undefined;
    let structural: ErrorDetail[] = [];
    try {
      dto = (await validationPipe.transform(body, {
        type: 'body',
        metatype: SubmitTaskDto,
      })) as SubmitTaskDto;
    } catch (e) {
      if (!(e instanceof DomainError) || e.code !== 'VALIDATION_FAILED') throw e;
      structural = e.details;
    }
    if (!bad.length && !structural.length) return dto!;
    bad.push(...structural);
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
      const skip = new Set(structural.map((d) => (d.field ?? '').split(/[.[]/)[0]));
      const sound = Object.fromEntries(Object.entries(body).filter(([k]) => !skip.has(k)));
      bad.push(...(await this.submitter.problems(sound as Partial<SubmitTaskCommand>, skip)));
    }
    throw validationError(bad);
  }

  @Roles(...ALL_ROLES)
  @Get()
  list(@CurrentActor() actor: Actor, @Query() q: TaskListQuery) {
    return this.queries.listTasks(actor, q);
  }

  @Roles(...ALL_ROLES)
  @Get(':id')
  get(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.queries.task(actor, id);
  }

  @Roles('department')
  @Post(':id/withdraw')
  @HttpCode(200)
  withdraw(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: ReasonDto) {
    return this.department.withdrawTask(actor, id, dto.reason);
  }

  /** After the reviewer returned it: edit the task and send its returned assignments to routing again. */
  @Roles('department')
  @Post(':id/resubmit')
  @HttpCode(200)
  resubmit(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: ResubmitTaskDto) {
    return this.department.resubmit(actor, id, dto);
  }
}
