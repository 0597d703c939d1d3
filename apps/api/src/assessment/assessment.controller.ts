import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type {
  Assessment,
  AssessmentAccepted,
  AssessmentTrend,
  DispatchedUnitRating,
  Scorecard,
} from '@app/contract';
import { AssessmentService, RatingsService, type Actor } from '@app/workflow';
import { ApiError } from '../http/api-errors';
import { CurrentActor, Roles } from '../http/auth';
import {
  AssessmentExportQuery,
  AssessmentRequestDto,
  DispatchedUnitRatingDto,
  RatingListQuery,
  ScorecardQuery,
  TrendQuery,
} from './assessment.dto';

const PERIOD_PARAM = ApiParam({
  name: 'period',
  example: '2026-11',
  description: 'A month `YYYY-MM` or a quarter `YYYY-Qn`; malformed (`2026-13`, `2026-Q5`): 400.',
});
const NOT_VISIBLE = 'No assessment of that period, or (for a street or department) not published yet.';

/** Assessment (考核): supervisors compute and publish; streets and departments see their own published scorecards. */
@ApiTags('assessment')
@Controller()
export class AssessmentController {
  constructor(
    private readonly assessments: AssessmentService,
    private readonly ratings: RatingsService,
  ) {}

  /**
   * Compute (or recompute) a period's assessment; the worker does it, poll `GET /api/assessments/{period}`.
   * @remarks Weights and caps come from config/assessment.json and are stored with the assessment.
   */
  @Roles('supervisor')
  @Post('assessments')
  @HttpCode(202)
  @ApiError(409, 'The period is published and frozen (`ASSESSMENT_PUBLISHED`).')
  @ApiError(422, 'The period has not begun (`PERIOD_NOT_BEGUN`).')
  request(@CurrentActor() actor: Actor, @Body() dto: AssessmentRequestDto): Promise<AssessmentAccepted> {
    return this.assessments.request(actor, dto.period);
  }

  /** Every assessment the caller may see (streets and departments: published ones), newest first. */
  @Roles('supervisor', 'reviewer', 'admin', 'street', 'department')
  @Get('assessments')
  list(@CurrentActor() actor: Actor): Promise<Assessment[]> {
    return this.assessments.list(actor);
  }

  /** A metric (or `score`) across the computed periods, per organisation. */
  @Roles('supervisor', 'reviewer', 'admin', 'street', 'department')
  @Get('assessments/trend')
  trend(@CurrentActor() actor: Actor, @Query() q: TrendQuery): Promise<AssessmentTrend> {
    return this.assessments.trend(actor, q);
  }

  /** One period's assessment: its state and the weights and caps it uses. */
  @Roles('supervisor', 'reviewer', 'admin', 'street', 'department')
  @Get('assessments/:period')
  @PERIOD_PARAM
  @ApiError(404, NOT_VISIBLE)
  get(@CurrentActor() actor: Actor, @Param('period') period: string): Promise<Assessment> {
    return this.assessments.get(actor, period);
  }

  /** A period's scorecards, best first; a street or department gets its own, once published. */
  @Roles('supervisor', 'reviewer', 'admin', 'street', 'department')
  @Get('assessments/:period/scorecards')
  @PERIOD_PARAM
  @ApiError(404, NOT_VISIBLE)
  scorecards(
    @CurrentActor() actor: Actor,
    @Param('period') period: string,
    @Query() q: ScorecardQuery,
  ): Promise<Scorecard[]> {
    return this.assessments.scorecards(actor, period, q.kind);
  }

  /** Publish a computed period: its scorecards never change again. */
  @Roles('supervisor')
  @Post('assessments/:period/publish')
  @HttpCode(200)
  @PERIOD_PARAM
  @ApiError(404, 'No assessment of that period.')
  @ApiError(409, 'Published already (`ASSESSMENT_PUBLISHED`), or still computing (`STATE_CONFLICT`).')
  publish(@CurrentActor() actor: Actor, @Param('period') period: string): Promise<Assessment> {
    return this.assessments.publish(actor, period);
  }

  /** The scorecards as XLSX or CSV, every text cell neutralised against formula injection. */
  @Roles('supervisor', 'reviewer', 'admin', 'street', 'department')
  @Get('assessments/:period/export')
  @PERIOD_PARAM
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv')
  @ApiOkResponse({
    description: 'The file (Content-Disposition: attachment; filename="assessment-{period}.{format}").',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiError(404, NOT_VISIBLE)
  async export(
    @CurrentActor() actor: Actor,
    @Param('period') period: string,
    @Query() q: AssessmentExportQuery,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<StreamableFile> {
    const file = await this.assessments.export(actor, period, q.format, q.kind);
    res.header('Content-Disposition', `attachment; filename="assessment-${period}.${file.extension}"`);
    return new StreamableFile(file.body, { type: file.contentType });
  }

  /**
   * A street rates a department's dispatched units for a period (one rating per street, department
   * and period; sending it again changes it, until the period is published).
   */
  @Roles('street')
  @Post('ratings/dispatched-units')
  @HttpCode(200)
  @ApiError(409, 'The period is published (`ASSESSMENT_PUBLISHED`).')
  @ApiError(422, 'The period has not begun (`PERIOD_NOT_BEGUN`).')
  rate(@CurrentActor() actor: Actor, @Body() dto: DispatchedUnitRatingDto): Promise<DispatchedUnitRating> {
    return this.ratings.rate(actor, dto);
  }

  /** The street's own dispatched-unit ratings, newest period first. */
  @Roles('street')
  @Get('ratings/dispatched-units')
  myRatings(@CurrentActor() actor: Actor, @Query() q: RatingListQuery): Promise<DispatchedUnitRating[]> {
    return this.ratings.mine(actor, q.period);
  }
}
