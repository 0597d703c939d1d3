import { Body, Controller, Get, Headers, HttpCode, Post, Query } from '@nestjs/common';
import { DepartmentDeskService, StreetDeskService, TaskQueriesService, type Actor } from '@app/workflow';
import { ApiTags } from '@nestjs/swagger';
import type { AssignmentDetail, AssignmentPage, BatchResult, ExtensionView } from '@app/contract';
import { batchResult } from '../http/batch-result';
import { BatchSignDto } from './batch.dto';
import { ApiError } from '../http/api-errors';
import { ALL_ROLES, CurrentActor, Roles } from '../http/auth';
import { IdParam } from '../http/params';
import { AssignmentListQuery } from '../tasks/list-query.dto';
import {
  CompleteDto,
  ConfirmDto,
  DisputeDto,
  ExtensionDecisionDto,
  ExtensionRequestDto,
  ProgressDto,
  ReasonedVersionDto,
  VersionDto,
} from './transition.dto';

const WRONG_STATE = 'The assignment is not in a state this applies to (`STATE_CONFLICT`).';
const STALE_OR_WRONG_STATE =
  'The assignment is not in a state this applies to (`STATE_CONFLICT`), or `version` is stale (`STALE_VERSION`).';

@ApiTags('assignments')
@Controller()
export class AssignmentsController {
  constructor(
    private readonly queries: TaskQueriesService,
    private readonly street: StreetDeskService,
    private readonly department: DepartmentDeskService,
  ) {}

  /** List the assignments the caller may see, newest first. */
  @Roles(...ALL_ROLES)
  @Get('assignments')
  list(@CurrentActor() actor: Actor, @Query() q: AssignmentListQuery): Promise<AssignmentPage> {
    return this.queries.listAssignments(actor, q);
  }

  /** An assignment with its task, deadlines, extensions and timeline. */
  @Roles(...ALL_ROLES)
  @Get('assignments/:id')
  get(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<AssignmentDetail> {
    return this.queries.assignment(actor, id);
  }

  /** Sign for an assignment (签收): it moves to in_progress. */
  @Roles('street')
  @Post('assignments/:id/sign')
  @HttpCode(200)
  @ApiError(409, STALE_OR_WRONG_STATE)
  sign(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: VersionDto,
  ): Promise<AssignmentDetail> {
    return this.street.sign(actor, id, dto);
  }

  /**
   * Sign for several assignments at once: each is signed on its own, as by `sign`, and the answer
   * says item by item what happened (a stale version or a wrong state refuses that item only).
   */
  @Roles('street')
  @Post('assignments/batch-sign')
  @HttpCode(200)
  async signMany(
    @CurrentActor() actor: Actor,
    @Body() dto: BatchSignDto,
    @Headers('accept-language') lang?: string,
  ): Promise<BatchResult> {
    return batchResult(await this.street.signMany(actor, dto.items), lang);
  }

  /** Dispute an assignment: the organisation office arbitrates; the sign-for clock pauses. */
  @Roles('street')
  @Post('assignments/:id/dispute')
  @HttpCode(200)
  @ApiError(409, STALE_OR_WRONG_STATE)
  dispute(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: DisputeDto,
  ): Promise<AssignmentDetail> {
    return this.street.dispute(actor, id, dto);
  }

  /** Report progress on work in hand. */
  @Roles('street')
  @Post('assignments/:id/progress')
  @HttpCode(200)
  @ApiError(409, WRONG_STATE)
  progress(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: ProgressDto,
  ): Promise<AssignmentDetail> {
    return this.street.progress(actor, id, dto);
  }

  /** Report the work done: the department confirms or reopens it. */
  @Roles('street')
  @Post('assignments/:id/complete')
  @HttpCode(200)
  @ApiError(409, STALE_OR_WRONG_STATE)
  complete(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: CompleteDto,
  ): Promise<AssignmentDetail> {
    return this.street.complete(actor, id, dto);
  }

  /** Confirm completed work, with a rating: the assignment is closed. */
  @Roles('department')
  @Post('assignments/:id/confirm')
  @HttpCode(200)
  @ApiError(409, STALE_OR_WRONG_STATE)
  confirm(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: ConfirmDto,
  ): Promise<AssignmentDetail> {
    return this.department.confirm(actor, id, dto);
  }

  /** Reopen completed work: back to in_progress. */
  @Roles('department')
  @Post('assignments/:id/reopen')
  @HttpCode(200)
  @ApiError(409, STALE_OR_WRONG_STATE)
  reopen(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: ReasonedVersionDto,
  ): Promise<AssignmentDetail> {
    return this.department.reopen(actor, id, dto);
  }

  /** Withdraw one street's assignment. */
  @Roles('department')
  @Post('assignments/:id/withdraw')
  @HttpCode(200)
  @ApiError(409, STALE_OR_WRONG_STATE)
  withdraw(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: ReasonedVersionDto,
  ): Promise<AssignmentDetail> {
    return this.department.withdraw(actor, id, dto);
  }

  /** Ask the department for more working days. */
  @Roles('street')
  @Post('assignments/:id/extension')
  @HttpCode(201)
  @ApiError(409, 'The assignment is not in progress, or an extension is pending already (`STATE_CONFLICT`).')
  requestExtension(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: ExtensionRequestDto,
  ): Promise<AssignmentDetail> {
    return this.street.requestExtension(actor, id, dto);
  }

  /** Approve or refuse a street's extension request. */
  @Roles('department')
  @Post('extensions/:id/decide')
  @HttpCode(200)
  @ApiError(409, 'The extension was decided already (`STATE_CONFLICT`).')
  decideExtension(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: ExtensionDecisionDto,
  ): Promise<ExtensionView> {
    return this.department.decideExtension(actor, id, dto);
  }
}
