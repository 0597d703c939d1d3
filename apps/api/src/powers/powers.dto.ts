import { IsIn, IsNumber, IsOptional, IsString, MaxLength } from 'class-validator';
import type { DelegatedPowerReportParams, EnforcementCaseParams, RecordCaseBody } from '@app/contract';
import {
  ENFORCEMENT_MEASURES,
  ENFORCEMENT_SUBJECTS,
  type EnforcementMeasure,
  type EnforcementSubject,
} from '@app/domain';
import { IsBoundedDate } from '../http/dates';
import { NotBlank } from '../http/not-blank';
import { PageQuery } from '../tasks/list-query.dto';

/** Power codes are short (`CG-02-I`); anything longer cannot be one. */
const POWER_CODE_MAX = 24;

export class RecordCaseDto implements RecordCaseBody {
  @IsString()
  @NotBlank()
  @MaxLength(POWER_CODE_MAX)
  powerCode: string;

  @IsIn(ENFORCEMENT_SUBJECTS)
  subject: EnforcementSubject;

  @IsIn(ENFORCEMENT_MEASURES)
  measure: EnforcementMeasure;

  /** Yuan; penalty only (the service checks which measure may carry one, and the range). */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  amountYuan?: number;

  @IsBoundedDate()
  occurredOn: string;

  /** What happened, briefly; 1,000 characters is a paragraph. */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class CaseQuery extends PageQuery implements EnforcementCaseParams {
  @IsOptional()
  @IsString()
  @MaxLength(POWER_CODE_MAX)
  powerCode?: string;

  @IsOptional()
  @IsString()
  @MaxLength(16)
  streetCode?: string;

  @IsOptional()
  @IsBoundedDate()
  from?: string;

  @IsOptional()
  @IsBoundedDate()
  to?: string;
}

export class PowerReportQuery implements DelegatedPowerReportParams {
  /** `2026-11` (a month) or `2026-Q4` (a quarter); not one that has not begun (the service reads it). */
  @IsString()
  @MaxLength(7)
  period: string;

  @IsOptional()
  @IsString()
  @MaxLength(16)
  districtCode?: string;

  @IsOptional()
  @IsIn(['json', 'csv', 'xlsx'])
  format?: 'json' | 'csv' | 'xlsx';
}
