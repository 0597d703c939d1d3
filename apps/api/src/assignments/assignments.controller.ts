import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DepartmentDeskService, StreetDeskService, TaskQueriesService, type Actor } from '@app/workflow';
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

@ApiTags('assignments')
@ApiBearerAuth()
@Controller()
export class AssignmentsController {
  constructor(
    private readonly queries: TaskQueriesService,
    private readonly street: StreetDeskService,
    private readonly department: DepartmentDeskService,
  ) {}

  @Roles(...ALL_ROLES)
  @Get('assignments')
  list(@CurrentActor() actor: Actor, @Query() q: AssignmentListQuery) {
    return this.queries.listAssignments(actor, q);
  }

  @Roles(...ALL_ROLES)
  @Get('assignments/:id')
  get(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.queries.assignment(actor, id);
  }

  @Roles('street')
  @Post('assignments/:id/sign')
  @HttpCode(200)
  sign(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: VersionDto) {
    return this.street.sign(actor, id, dto);
  }

  @Roles('street')
  @Post('assignments/:id/dispute')
  @HttpCode(200)
  dispute(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: DisputeDto) {
    return this.street.dispute(actor, id, dto);
  }

  @Roles('street')
  @Post('assignments/:id/progress')
  @HttpCode(200)
  progress(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: ProgressDto) {
    return this.street.progress(actor, id, dto);
  }

  @Roles('street')
  @Post('assignments/:id/complete')
  @HttpCode(200)
  complete(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: CompleteDto) {
    return this.street.complete(actor, id, dto);
  }

  @Roles('department')
  @Post('assignments/:id/confirm')
  @HttpCode(200)
  confirm(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: ConfirmDto) {
    return this.department.confirm(actor, id, dto);
  }

  @Roles('department')
  @Post('assignments/:id/reopen')
  @HttpCode(200)
  reopen(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: ReasonedVersionDto) {
    return this.department.reopen(actor, id, dto);
  }

  @Roles('department')
  @Post('assignments/:id/withdraw')
  @HttpCode(200)
  withdraw(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: ReasonedVersionDto) {
    return this.department.withdraw(actor, id, dto);
  }

  @Roles('street')
  @Post('assignments/:id/extension')
  @HttpCode(201)
  requestExtension(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: ExtensionRequestDto) {
    return this.street.requestExtension(actor, id, dto);
  }

  @Roles('department')
  @Post('extensions/:id/decide')
  @HttpCode(200)
  decideExtension(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: ExtensionDecisionDto) {
    return this.department.decideExtension(actor, id, dto);
  }
}
