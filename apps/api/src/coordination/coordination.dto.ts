import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import type {
  JointActionBody,
  JointActionListParams,
  JointConfirmBody,
  JointOutcomeBody,
  SummonsBody,
  SummonsCloseBody,
  SummonsListParams,
  SummonsRateBody,
  SummonsRespondBody,
} from '@app/contract';
import {
  JOINT_ACTION_STATES,
  JOINT_MEASURES,
  MAX_SUMMONED_DEPARTMENTS,
  SUMMONS_ANSWERS,
  SUMMONS_LIST_ROLES,
  SUMMONS_STATES,
  type JointActionState,
  type JointMeasure,
  type SummonsAnswer,
  type SummonsListRole,
  type SummonsState,
} from '@app/domain';
import { IsBoundedDateTime } from '../http/dates';
import { NotBlank } from '../http/not-blank';
import { UniqueItems } from '../http/unique-items';
import { PageQuery } from '../tasks/list-query.dto';

/** Organisation codes as the seed spells them (`ZHZF`, `D1-S01`). */
const ORG_CODE = /^[A-Za-z0-9-]{1,16}$/;

export class SummonsDto implements SummonsBody {
  @IsString()
  @Length(1, 200)
  @NotBlank()
  subject: string;

  @IsString()
  @Length(1, 200)
  @NotBlank()
  place: string;

  @IsString()
  @Length(1, 5000)
  @NotBlank()
  description: string;

  @IsBoolean()
  urgent: boolean;

  @ApiProperty({ type: [String], example: ['ZHZF', 'SCJG'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SUMMONED_DEPARTMENTS)
  @UniqueItems()
  @IsString({ each: true })
  @Matches(ORG_CODE, { each: true })
  departmentCodes: string[];

  @IsOptional()
  @IsUUID()
  assignmentId?: string;
}

export class SummonsRespondDto implements SummonsRespondBody {
  @IsIn(SUMMONS_ANSWERS)
  state: SummonsAnswer;

  @IsString()
  @Length(1, 2000)
  @NotBlank()
  note: string;

  /** Who came (required when reporting). */
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @NotBlank()
  reporter?: string;

  @ApiPropertyOptional({ example: '2026-12-01T10:30:00+08:00' })
  @IsOptional()
  @IsBoundedDateTime()
  arrivedAt?: string;
}

export class SummonsCloseDto implements SummonsCloseBody {
  @IsString()
  @Length(1, 5000)
  @NotBlank()
  result: string;
}

export class SummonsRateDto implements SummonsRateBody {
  @IsString()
  @Matches(ORG_CODE)
  departmentCode: string;

  @IsInt()
  @Min(1)
  @Max(5)
  score: number;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class SummonsListQuery extends PageQuery implements SummonsListParams {
  @IsOptional()
  @IsIn(SUMMONS_STATES)
  state?: SummonsState;

  @IsOptional()
  @IsIn(SUMMONS_LIST_ROLES)
  role?: SummonsListRole;

  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  declined?: boolean;
}

export class JointActionDto implements JointActionBody {
  @ApiProperty({ example: '2026-12-03T09:00:00+08:00' })
  @IsBoundedDateTime()
  scheduledAt: string;

  @IsString()
  @Length(1, 200)
  @NotBlank()
  place: string;

  @IsString()
  @Length(1, 5000)
  @NotBlank()
  plan: string;
}

export class JointConfirmDto implements JointConfirmBody {
  @IsBoolean()
  attending: boolean;

  /** Required when not attending: why the street asks to reschedule. */
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  @NotBlank()
  reason?: string;
}

export class JointOutcomeDto implements JointOutcomeBody {
  /** Cases opened during the action; a county action opens tens at most. */
  @IsInt()
  @Min(0)
  @Max(10_000)
  casesOpened: number;

  @ApiProperty({ enum: JOINT_MEASURES, isArray: true })
  @IsArray()
  @ArrayMaxSize(JOINT_MEASURES.length)
  @UniqueItems()
  @IsIn(JOINT_MEASURES, { each: true })
  measures: JointMeasure[];

  @IsString()
  @Length(1, 5000)
  @NotBlank()
  note: string;
}

export class JointActionListQuery extends PageQuery implements JointActionListParams {
  @IsOptional()
  @IsIn(JOINT_ACTION_STATES)
  state?: JointActionState;

  @IsOptional()
  @IsUUID()
  assignmentId?: string;
}
