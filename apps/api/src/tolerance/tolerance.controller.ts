import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type {
  ClaimableList,
  ToleranceClaim,
  ToleranceClaimDetail,
  ToleranceClaimPage,
  ToleranceItem,
  ToleranceListReplaced,
} from '@app/contract';
import { ToleranceService, type Actor } from '@app/workflow';
import { ApiError } from '../http/api-errors';
import { ArrayBodyPipe } from '../http/array-body';
import { CurrentActor, Roles } from '../http/auth';
import { IdParam } from '../http/params';
import {
  DecideClaimDto,
  FileClaimDto,
  ToleranceClaimQuery,
  ToleranceItemDto,
  ToleranceItemQuery,
  ToleranceItemsDto,
} from './tolerance.dto';

/** Fault tolerance (容错纠错): the tolerance list and the claims against overdue items. */
@ApiTags('fault tolerance')
@Controller()
export class ToleranceController {
  constructor(private readonly tolerance: ToleranceService) {}

  /** The tolerance list in force, in its order (with `includeRetired=true`, retired items after it). */
  @Roles('street', 'department', 'reviewer', 'supervisor', 'admin')
  @Get('tolerance-items')
  items(@Query() q: ToleranceItemQuery): Promise<ToleranceItem[]> {
    return this.tolerance.items(q.includeRetired ?? false);
  }

  /**
   * Replace the tolerance list.
   * @remarks The body is the whole list, in order. An item left out that a claim cites is retired
   * (kept, no longer offered, named in `retired`); one no claim cites is deleted (`removed`).
   * Re-listing a retired item brings it back. A claim keeps the item's text as it was filed.
   */
  @Roles('supervisor')
  @Put('tolerance-items')
  @ApiBody({ type: [ToleranceItemDto] })
  @ApiError(
    409,
    'A claim citing a removed item was filed at the same moment (`STATE_CONFLICT`): send it again.',
  )
  replace(
    @CurrentActor() actor: Actor,
    @Body(new ArrayBodyPipe(ToleranceItemsDto)) items: ToleranceItemDto[],
  ): Promise<ToleranceListReplaced> {
    return this.tolerance.replaceItems(actor, items);
  }

  /**
   * File a tolerance claim against the caller's own overdue deadline, supervision item or lost dispute.
   * @remarks Someone else's item (or an unknown one) is 404. The window ends with the 10th working
   * day after the item arose (the deadline fell due, the supervision item was filed, the dispute
   * was decided).
   */
  @Roles('street', 'department', 'reviewer')
  @Post('tolerance-claims')
  @ApiError(
    409,
    'The target already has a claim (`CLAIM_EXISTS`), or it was never overdue / not lost (`STATE_CONFLICT`).',
  )
  @ApiError(
    422,
    'The item is never tolerated (`NOT_TOLERABLE`), or the window has closed (`CLAIM_WINDOW_CLOSED`).',
  )
  file(@CurrentActor() actor: Actor, @Body() dto: FileClaimDto): Promise<ToleranceClaim> {
    return this.tolerance.file(actor, dto);
  }

  /** What the caller's organisation may claim now (and what it claimed), each with the time left. */
  @Roles('street', 'department', 'reviewer')
  @Get('tolerance-claims/claimable')
  claimable(@CurrentActor() actor: Actor): Promise<ClaimableList> {
    return this.tolerance.claimable(actor);
  }

  /** Claims, newest first: an organisation's own; supervisors, reviewers and admins see all. */
  @Roles('street', 'department', 'reviewer', 'supervisor', 'admin')
  @Get('tolerance-claims')
  list(@CurrentActor() actor: Actor, @Query() q: ToleranceClaimQuery): Promise<ToleranceClaimPage> {
    return this.tolerance.list(actor, q);
  }

  /** One claim with the item, the assignment's history, the claim's events and earlier claims of the organisation. */
  @Roles('street', 'department', 'reviewer', 'supervisor', 'admin')
  @Get('tolerance-claims/:id')
  detail(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<ToleranceClaimDetail> {
    return this.tolerance.detail(actor, id);
  }

  /**
   * Grant or refuse a claim, with the reason; once.
   * @remarks A granted claim marks its item tolerated on the overdue board, in the assignment's
   * timeline and in the audit chain, and the assessment leaves it out.
   */
  @Roles('supervisor')
  @Post('tolerance-claims/:id/decide')
  @HttpCode(200)
  @ApiError(409, 'The claim was decided already (`STATE_CONFLICT`).')
  @ApiError(422, 'Granting a claim whose item is no longer tolerable (`NOT_TOLERABLE`).')
  decide(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: DecideClaimDto,
  ): Promise<ToleranceClaim> {
    return this.tolerance.decide(actor, id, dto);
  }
}
