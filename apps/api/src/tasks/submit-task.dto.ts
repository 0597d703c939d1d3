import { ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  ACTION_TYPES,
  ENFORCEMENT_SUBJECTS,
  PROHIBITED_DEMANDS,
  type ActionType,
  type EnforcementSubject,
  type ProhibitedDemand,
  type TaskResources,
} from '@app/domain';
import type { ResubmitTaskBody, SubmitTaskBody } from '@app/contract';
import { IsBoundedDateTime } from '../http/dates';
import { NotBlank } from '../http/not-blank';
import { UniqueItems } from '../http/unique-items';

export class ResourcesDto implements TaskResources {
  @IsOptional()
  @IsNumber()
  @Min(0)
  funding?: number | null;

  @IsOptional()
  @IsInt()
  @Min(0)
  staff?: number | null;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  detail?: string | null;
}

/** `POST /api/tasks` (API.md). Semantic checks (codes, list, deadlines) follow in SubmitTaskService. */
export class SubmitTaskDto implements SubmitTaskBody {
  @IsString()
  @Length(1, 200)
  @NotBlank()
  title: string;

  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  description?: string;

  /** A district has 7 streets here; 500 leaves room for a whole city without allowing abuse. */
  @ApiPropertyOptional({ type: [String], example: ['D3-S02'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @UniqueItems()
  @IsString({ each: true })
  streetCodes?: string[];

  @ApiPropertyOptional({ type: [String], example: ['D1'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @UniqueItems()
  @IsString({ each: true })
  districtCodes?: string[];

  @ApiPropertyOptional({ type: String, nullable: true, example: 'ZJ-01' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z]{1,6}-\d{1,4}$/)
  matterCode?: string | null;

  @IsIn(ACTION_TYPES)
  actionType: ActionType;

  @IsOptional()
  @IsIn(ENFORCEMENT_SUBJECTS)
  enforcementSubject?: EnforcementSubject | null;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ResourcesDto)
  resources?: ResourcesDto | null;

  @IsOptional()
  @IsBoolean()
  temporary?: boolean;

  /** Long-running work (sample T21 asks for 300) may run about three years: ~750 working days. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(750)
  deadlineWorkingDays?: number;

  /**
   * A time with its offset (API.md): without one it would be read in the server's zone, not the
   * user's. Bounded to DATE_MIN..DATE_MAX: a due date in the year 9999 used to hang the sign-for.
   */
  @ApiPropertyOptional({ example: '2026-12-31T18:00:00+08:00' })
  @IsOptional()
  @IsBoundedDateTime()
  dueAt?: string;

  @IsOptional()
  @IsBoolean()
  urgent?: boolean;

  @IsOptional()
  @IsArray()
  @UniqueItems()
  @IsIn(PROHIBITED_DEMANDS, { each: true })
  demands?: ProhibitedDemand[];

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  legalBasis?: string | null;
}

/**
 * What a department may change when resubmitting a returned task: the text and the routing
 * inputs, not streets or deadline. A partial edit: an absent field, or one sent as null, keeps its
 * value. To clear one, send its empty value: `matterCode: ""` (the task becomes off-list),
 * `description: ""`, `legalBasis: ""`, `resources: {}`; `enforcementSubject` is cleared with an
 * `actionType` other than enforcement.
 */
export class ResubmitTaskDto
  extends PartialType(
    OmitType(SubmitTaskDto, [
      'streetCodes',
      'districtCodes',
      'deadlineWorkingDays',
      'dueAt',
      'urgent',
      'matterCode',
    ] as const),
  )
  implements ResubmitTaskBody
{
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'ZJ-01',
    description: '"" makes the task off-list',
  })
  @IsOptional()
  @IsString()
  @Matches(/^([A-Z]{1,6}-\d{1,4})?$/)
  matterCode?: string | null;
}
