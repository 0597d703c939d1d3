import { Body, Controller, Get, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type {
  DelegatedPowerReport,
  EnforcementCasePage,
  EnforcementCaseView,
  PowerView,
} from '@app/contract';
import { PowersService, type Actor } from '@app/workflow';
import { ApiError } from '../http/api-errors';
import { ALL_ROLES, CurrentActor, Roles } from '../http/auth';
import { IdParam } from '../http/params';
import { CaseQuery, PowerReportQuery, RecordCaseDto } from './powers.dto';

@ApiTags('delegated powers')
@Controller()
export class PowersController {
  constructor(private readonly powers: PowersService) {}

  /** The catalogue of delegated powers of the list version in force; for a street, `held` marks its own. */
  @Roles(...ALL_ROLES)
  @Get('powers')
  inForce(@CurrentActor() actor: Actor): Promise<PowerView[]> {
    return this.powers.inForce(actor);
  }

  /** The catalogue of delegated powers of one list version (a draft's for the reviewer only). */
  @Roles(...ALL_ROLES)
  @Get('lists/:id/powers')
  ofVersion(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<PowerView[]> {
    return this.powers.ofVersion(actor, id);
  }

  /**
   * Record an enforcement case under a delegated power the street holds.
   * @remarks Amount rules and future dates answer 400; a power the street does not hold, or a subject it does not cover, 422.
   */
  @Roles('street')
  @Post('enforcement-cases')
  @ApiError(
    422,
    'The street does not hold the power, or the power does not cover the subject (`POWER_NOT_HELD`, citing the catalogue entry).',
  )
  record(@CurrentActor() actor: Actor, @Body() dto: RecordCaseDto): Promise<EnforcementCaseView> {
    return this.powers.record(actor, dto);
  }

  /** Enforcement cases, newest recorded first: a street sees its own, reviewers and supervisors all. */
  @Roles('street', 'reviewer', 'supervisor', 'admin')
  @Get('enforcement-cases')
  cases(@CurrentActor() actor: Actor, @Query() q: CaseQuery): Promise<EnforcementCasePage> {
    return this.powers.cases(actor, q);
  }

  /**
   * The delegated-powers report of a month or quarter: per power and street, cases by measure, the share of soft measures and dormant powers.
   * @remarks `format=csv|xlsx` answers the same table as a file (text/csv, or an XLSX workbook) instead of this JSON. A street sees its own rows.
   */
  @Roles('street', 'reviewer', 'supervisor', 'admin')
  @Get('reports/delegated-powers')
  async report(
    @CurrentActor() actor: Actor,
    @Query() q: PowerReportQuery,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<DelegatedPowerReport> {
    if (!q.format || q.format === 'json') return this.powers.report(actor, q);
    const file = await this.powers.exportReport(actor, q, q.format);
    res.header('Content-Type', file.contentType);
    res.header('Content-Disposition', `attachment; filename="${file.filename}"`);
    // Nest writes a StreamableFile as it is; the JSON shape above is the default format's.
    return new StreamableFile(file.body) as unknown as DelegatedPowerReport;
  }
}
