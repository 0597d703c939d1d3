import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { SummonsDetail, SummonsPage, SummonsView } from '@app/contract';
import { SummonsService, type Actor } from '@app/workflow';
import { ApiError } from '../http/api-errors';
import { CurrentActor, Roles } from '../http/auth';
import { IdParam } from '../http/params';
import {
  SummonsCloseDto,
  SummonsDto,
  SummonsListQuery,
  SummonsRateDto,
  SummonsRespondDto,
} from './coordination.dto';

@ApiTags('coordination')
@Controller('summons')
export class SummonsController {
  constructor(private readonly summons: SummonsService) {}

  /** Blow the whistle (吹哨): summon departments to report by a deadline (urgent: 30 minutes, else 1 working day). */
  @Roles('street')
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: SummonsDto): Promise<SummonsView> {
    return this.summons.create(actor, dto);
  }

  /** Summons the caller may see, newest first: a street's own, those addressed to a department, all for supervisors. */
  @Roles('street', 'department', 'supervisor', 'reviewer', 'admin')
  @Get()
  list(@CurrentActor() actor: Actor, @Query() q: SummonsListQuery): Promise<SummonsPage> {
    return this.summons.list(actor, q);
  }

  /** A summons with its responses, ratings, report-by deadlines and timeline. */
  @Roles('street', 'department', 'supervisor', 'reviewer', 'admin')
  @Get(':id')
  get(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<SummonsDetail> {
    return this.summons.get(actor, id);
  }

  /** A summoned department reports (报到: who came, when, what it will do) or declines; once only. */
  @Roles('department')
  @Post(':id/respond')
  @HttpCode(200)
  @ApiError(409, 'The department has already answered, or the summons is closed (`STATE_CONFLICT`).')
  respond(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: SummonsRespondDto,
  ): Promise<SummonsDetail> {
    return this.summons.respond(actor, id, dto);
  }

  /** The street closes its summons with the result. */
  @Roles('street')
  @Post(':id/close')
  @HttpCode(200)
  @ApiError(409, 'The summons is already closed (`STATE_CONFLICT`).')
  close(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: SummonsCloseDto,
  ): Promise<SummonsDetail> {
    return this.summons.close(actor, id, dto);
  }

  /** The street rates a department that answered (1–5, comment), once per department. */
  @Roles('street')
  @Post(':id/rate')
  @HttpCode(200)
  @ApiError(409, 'The department has not answered yet, or was already rated (`STATE_CONFLICT`).')
  rate(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: SummonsRateDto,
  ): Promise<SummonsDetail> {
    return this.summons.rate(actor, id, dto);
  }
}
