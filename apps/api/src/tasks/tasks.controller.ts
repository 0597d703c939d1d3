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
import { ApiBody, ApiHeader, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { SubmitResult, type TaskDetail, type TaskPage } from '@app/contract';
import { DomainError, validationError, type ErrorDetail } from '@app/domain';
import {
  DepartmentDeskService,
  SubmitTaskService,
  TaskQueriesService,
  type Actor,
  type SubmitTaskCommand,
} from '@app/workflow';
import { ReasonDto } from '../assignments/transition.dto';
import { ApiError } from '../http/api-errors';
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
@Controller('tasks')
export class TasksController {
  constructor(
    private readonly submitter: SubmitTaskService,
    private readonly queries: TaskQueriesService,
    private readonly department: DepartmentDeskService,
  ) {}

  /**
   * Submit a task to streets; routing is queued and the answer never waits for it.
   * @remarks With `Idempotency-Key`, the same key and body from the same organisation give the same task (200 instead of 201).
   */
  @Roles('department')
  @Post()
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: '1–128 printable ASCII characters; a replay answers with the original task.',
  })
  @ApiBody({ type: SubmitTaskDto })
  @ApiResponse({
    status: 201,
    description: 'A new task: its assignments wait for routing.',
    type: SubmitResult,
  })
  @ApiResponse({
    status: 200,
    description: 'A replay of an earlier submission: the original task.',
    type: SubmitResult,
  })
  @ApiError(409, 'The same `Idempotency-Key` came with another body (`IDEMPOTENCY_CONFLICT`).')
  async submit(
    @CurrentActor() actor: Actor,
    // Taken raw so that the global pipe leaves it alone: `validate` below runs the same pipe on it
    // and adds the service's semantic checks, so one 400 names every bad field.
    @RawBody() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<SubmitResult> {
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

  /** List the caller's tasks (a department's own, a street's addressed to it), newest first. */
  @Roles(...ALL_ROLES)
  @Get()
  list(@CurrentActor() actor: Actor, @Query() q: TaskListQuery): Promise<TaskPage> {
    return this.queries.listTasks(actor, q);
  }

  /** A task with every assignment the caller may see. */
  @Roles(...ALL_ROLES)
  @Get(':id')
  get(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<TaskDetail> {
    return this.queries.task(actor, id);
  }

  /** Withdraw a task: every open assignment of it is withdrawn. */
  @Roles('department')
  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiError(409, 'Nothing of the task is open any more (`STATE_CONFLICT`).')
  withdraw(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: ReasonDto): Promise<TaskDetail> {
    return this.department.withdrawTask(actor, id, dto.reason);
  }

  /** Edit a returned task and send its returned assignments to routing again. */
  @Roles('department')
  @Post(':id/resubmit')
  @HttpCode(200)
  @ApiError(409, 'No assignment of the task was returned (`STATE_CONFLICT`).')
  resubmit(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: ResubmitTaskDto,
  ): Promise<TaskDetail> {
    return this.department.resubmit(actor, id, dto);
  }
}
