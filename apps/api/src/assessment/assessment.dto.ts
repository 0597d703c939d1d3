import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateBy } from 'class-validator';
import type {
  AssessmentExportParams,
  AssessmentRequestBody,
  DispatchedUnitRatingBody,
  RatingListParams,
  ScorecardParams,
  TrendParams,
} from '@app/contract';
import { ALL_METRICS, isPeriod, SCORECARD_KINDS, type ScorecardKind } from '@app/domain';

/**
 * A period: a month `YYYY-MM` (01–12) or a quarter `YYYY-Qn` (1–4), years 2000–2100; anything
 * else (`2026-13`, `2026-Q5`) is refused as `bad_period`. Whether it has begun is the service's
 * check (422 PERIOD_NOT_BEGUN).
 */
export const IsPeriod = (): PropertyDecorator =>
  ValidateBy({
    name: 'bad_period',
    validator: { validate: (v: unknown) => isPeriod(v), defaultMessage: () => '$property must be a period' },
  });

export class AssessmentRequestDto implements AssessmentRequestBody {
  /** `2026-11` (a month) or `2026-Q4` (a quarter), Asia/Shanghai. */
  @IsString()
  @IsPeriod()
  period: string;
}

export class ScorecardQuery implements ScorecardParams {
  @IsOptional()
  @IsIn(SCORECARD_KINDS)
  kind?: ScorecardKind;
}

export class AssessmentExportQuery implements AssessmentExportParams {
  @IsIn(['xlsx', 'csv'])
  format: 'xlsx' | 'csv';

  /** One kind only; both kinds when absent. */
  @IsOptional()
  @IsIn(SCORECARD_KINDS)
  kind?: ScorecardKind;
}

export class TrendQuery implements TrendParams {
  /** A metric of either kind, or `score`. */
  @IsIn([...ALL_METRICS, 'score'])
  metric: string;

  /** One organisation; every organisation of the metric's kind when absent (supervisors, reviewers, admins). */
  @IsOptional()
  @IsString()
  @MaxLength(16)
  orgCode?: string;

  @IsOptional()
  @IsIn(SCORECARD_KINDS)
  kind?: ScorecardKind;

  @IsOptional()
  @IsIn(['month', 'quarter'])
  periodKind?: 'month' | 'quarter';
}

export class DispatchedUnitRatingDto implements DispatchedUnitRatingBody {
  @IsString()
  @IsPeriod()
  period: string;

  @IsString()
  @MaxLength(16)
  departmentCode: string;

  /** 1 (poor) … 5 (excellent). */
  @IsInt()
  @Min(1)
  @Max(5)
  score: number;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class RatingListQuery implements RatingListParams {
  @IsOptional()
  @IsString()
  @IsPeriod()
  period?: string;
}
