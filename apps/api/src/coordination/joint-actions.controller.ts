import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { JointActionPage, JointActionView } from '@app/contract';
import { JointActionService, type Actor } from '@app/workflow';
import { ApiError } from '../http/api-errors';
import { CurrentActor, Roles } from '../http/auth';
import { IdParam } from '../http/params';
import { JointActionDto, JointActionListQuery, JointConfirmDto, JointOutcomeDto } from './coordination.dto';

@ApiTags('coordination')
@Controller()
export class JointActionsController {
  constructor(private readonly actions: JointActionService) {}

  /** The lead department schedules a joint action (联合执法) on one of its `joint` assignments. */
  @Roles('department')
  @Post('assignments/:id/joint-actions')
  @ApiError(
    409,
    'The assignment is not `joint`, not active, or already has a scheduled action (`STATE_CONFLICT`).',
  )
  schedule(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: JointActionDto,
  ): Promise<JointActionView> {
    return this.actions.schedule(actor, id, dto);
  }

  /** Joint actions of the caller's side (the lead department, the street; supervisors all), newest first. */
  @Roles('street', 'department', 'supervisor', 'reviewer', 'admin')
  @Get('joint-actions')
  list(@CurrentActor() actor: Actor, @Query() q: JointActionListQuery): Promise<JointActionPage> {
    return this.actions.list(actor, q);
  }

  /** A joint action with its confirmation and outcome deadlines. */
  @Roles('street', 'department', 'supervisor', 'reviewer', 'admin')
  @Get('joint-actions/:id')
  get(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<JointActionView> {
    return this.actions.get(actor, id);
  }

  /** The street confirms attendance, or asks to reschedule with a reason. */
  @Roles('street')
  @Post('joint-actions/:id/confirm')
  @HttpCode(200)
  @ApiError(409, 'The street has already answered (`STATE_CONFLICT`).')
  confirm(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: JointConfirmDto,
  ): Promise<JointActionView> {
    return this.actions.confirm(actor, id, dto);
  }

  /** The lead department records the outcome, after the scheduled time. */
  @Roles('department')
  @Post('joint-actions/:id/outcome')
  @HttpCode(200)
  @ApiError(
    409,
    'Before the scheduled time, after a reschedule request, or recorded already (`STATE_CONFLICT`).',
  )
  outcome(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: JointOutcomeDto,
  ): Promise<JointActionView> {
    return this.actions.outcome(actor, id, dto);
  }
}
